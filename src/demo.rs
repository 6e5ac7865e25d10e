//! The sample ledger of the real case (June 2020, 毕节职业技术学院 and 九股村) and a
//! reproducible generator of large synthetic ledgers for tests and benchmarks.

use crate::ledger::{
    CHANNEL_SUGGESTIONS, CategoryId, Department, DepartmentId, Entry, EntryId, Fen, Kind, Ledger,
    Quantity, Source, Stamp, Status, TraineeGroup, Village, VillageId,
};
use chrono::NaiveDate;

fn date(y: i32, m: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, d).unwrap_or_default()
}

fn stamp(d: NaiveDate) -> Stamp {
    d.and_hms_opt(9, 0, 0).unwrap_or_default()
}

/// One row of the sample, before ids are given.
struct SampleRow {
    day: u32,
    department: u32,
    village: u32,
    kind: Kind,
    category: u32,
    what: &'static str,
    quantity: Option<(i64, &'static str)>,
    value_yuan: i64,
    households: u32,
    persons: u32,
    person_times: u32,
    status: Status,
    source: Source,
    giver: &'static str,
    notes: &'static str,
}

/// The sample ledger: what the college gave in June 2020, as reported in the news item
/// summarised in `shared/context.md`.
///
/// Decisions where the report is vague: the vet kits, sprayers and fertilizer were
/// "20,000 yuan" together, so the whole 20,000 is on the kits entry and the fertilizer
/// entry carries 0 with a note; 800 sets of school supplies for two schools are two
/// entries of 400; "4,000+" and "3,000+" are recorded as 4,000 and 3,000. The town's
/// 1,000,000 yuan of secured funds for 九股村 (700,000 arrived) is others' input (source
/// 其他, giver 妈姑镇人民政府), recorded by the college leadership as a pledge so the
/// village's picture shows it and its delivery rate; it is never counted as the
/// college's. The college's own June 2020 input is then 67,000.00 yuan of funds and
/// goods (40,000 + 20,000 + 4,000 + 3,000), plus its services. The news item reports no
/// training or consumption assistance that month, so the sample has none.
pub fn sample_ledger() -> Ledger {
    let mut ledger = Ledger::new("毕节职业技术学院");
    // Registered (建档立卡), monitored and marginal households visited, from the report.
    for (id, name, registered, monitored, marginal) in [
        (1, "九股村", 197, 8, 4),
        (2, "海子村", 37, 1, 3),
        (3, "平原村", 0, 0, 0),
    ] {
        ledger.villages.push(Village {
            registered,
            monitored,
            marginal,
            ..Village::new(VillageId(id), name, "妈姑镇", "赫章县")
        });
    }
    for (id, name) in [
        (1, "学院党委/校领导"),
        (2, "农业工程系"),
        (3, "医学护理系"),
        (4, "行政第四党支部"),
        (5, "团委"),
        (6, "工矿建筑系"),
    ] {
        ledger.departments.push(Department {
            id: DepartmentId(id),
            name: name.to_string(),
        });
    }
    // Default categories: 1 基础设施, 2 产业, 3 教育, 4 医疗健康, 5 环境卫生, 6 志愿服务, 7 其他.
    let rows = [
        SampleRow {
            day: 5,
            department: 1,
            village: 1,
            kind: Kind::Funds,
            category: 1,
            what: "公厕建设",
            quantity: Some((1, "座")),
            value_yuan: 40_000,
            households: 0,
            persons: 0,
            person_times: 0,
            status: Status::Delivered,
            source: Source::Direct,
            giver: "",
            notes: "惠及全村",
        },
        SampleRow {
            day: 10,
            department: 2,
            village: 1,
            kind: Kind::Goods,
            category: 2,
            what: "出诊箱、电动消毒背壶",
            quantity: Some((13, "套")),
            value_yuan: 20_000,
            households: 13,
            persons: 0,
            person_times: 0,
            status: Status::Delivered,
            source: Source::Direct,
            giver: "",
            notes: "13户养殖户；2万元含化肥",
        },
        SampleRow {
            day: 10,
            department: 2,
            village: 1,
            kind: Kind::Goods,
            category: 2,
            what: "化肥（免费发放）",
            quantity: Some((32, "户")),
            value_yuan: 0,
            households: 32,
            persons: 0,
            person_times: 0,
            status: Status::Delivered,
            source: Source::Direct,
            giver: "",
            notes: "32户种植户；金额已计入出诊箱一条的2万元",
        },
        SampleRow {
            day: 12,
            department: 2,
            village: 1,
            kind: Kind::Services,
            category: 2,
            what: "特色种植、中药材技术指导",
            quantity: None,
            value_yuan: 0,
            households: 0,
            persons: 0,
            person_times: 0,
            status: Status::Delivered,
            source: Source::Direct,
            giver: "",
            notes: "农技人员定期走访",
        },
        SampleRow {
            day: 13,
            department: 3,
            village: 1,
            kind: Kind::Services,
            category: 4,
            what: "义诊：测血压、血糖，健康咨询",
            quantity: Some((1, "次")),
            value_yuan: 0,
            households: 0,
            persons: 120,
            person_times: 0,
            status: Status::Delivered,
            source: Source::Direct,
            giver: "",
            notes: "120余名村民",
        },
        SampleRow {
            day: 13,
            department: 3,
            village: 1,
            kind: Kind::Goods,
            category: 4,
            what: "口罩、体温计等医疗物资",
            quantity: None,
            value_yuan: 4_000,
            households: 0,
            persons: 0,
            person_times: 0,
            status: Status::Delivered,
            source: Source::Direct,
            giver: "",
            notes: "价值4000余元",
        },
        SampleRow {
            day: 16,
            department: 4,
            village: 1,
            kind: Kind::Goods,
            category: 2,
            what: "农技服务包",
            quantity: Some((4, "套")),
            value_yuan: 3_000,
            households: 4,
            persons: 0,
            person_times: 0,
            status: Status::Delivered,
            source: Source::Direct,
            giver: "",
            notes: "赠予贫困户；价值3000余元",
        },
        SampleRow {
            day: 18,
            department: 5,
            village: 1,
            kind: Kind::Goods,
            category: 3,
            what: "学习用品（九股村小学）",
            quantity: Some((400, "套")),
            value_yuan: 0,
            households: 0,
            persons: 0,
            person_times: 0,
            status: Status::Delivered,
            source: Source::Direct,
            giver: "",
            notes: "两校共800套，按各半记录",
        },
        SampleRow {
            day: 18,
            department: 5,
            village: 3,
            kind: Kind::Goods,
            category: 3,
            what: "学习用品（平原村小学）",
            quantity: Some((400, "套")),
            value_yuan: 0,
            households: 0,
            persons: 0,
            person_times: 0,
            status: Status::Delivered,
            source: Source::Direct,
            giver: "",
            notes: "两校共800套，按各半记录",
        },
        SampleRow {
            day: 20,
            department: 5,
            village: 1,
            kind: Kind::Services,
            category: 6,
            what: "志愿服务：环境整治、卫生宣传、为独居老人打扫",
            quantity: Some((3, "批")),
            value_yuan: 0,
            households: 0,
            persons: 0,
            person_times: 100,
            status: Status::Delivered,
            source: Source::Direct,
            giver: "",
            notes: "周末分3批，100余人次",
        },
        SampleRow {
            day: 24,
            department: 6,
            village: 1,
            kind: Kind::Services,
            category: 6,
            what: "师生志愿服务实践",
            quantity: Some((1, "次")),
            value_yuan: 0,
            households: 0,
            persons: 0,
            person_times: 0,
            status: Status::Delivered,
            source: Source::Direct,
            giver: "",
            notes: "",
        },
        SampleRow {
            day: 28,
            department: 1,
            village: 1,
            kind: Kind::Funds,
            category: 1,
            what: "镇争取帮扶资金",
            quantity: None,
            value_yuan: 1_000_000,
            households: 0,
            persons: 0,
            person_times: 0,
            status: Status::Pledged {
                delivered_fen: Fen::from_yuan(700_000),
            },
            source: Source::Other,
            giver: "妈姑镇人民政府",
            notes: "妈姑镇争取资金，计划100万元，已到位70万元；非本单位投入",
        },
    ];
    for (i, r) in rows.into_iter().enumerate() {
        let d = date(2020, 6, r.day);
        ledger.entries.push(Entry {
            category: Some(CategoryId(r.category)),
            quantity: r.quantity.map(|(q, _)| Quantity::from_int(q)),
            unit: r.quantity.map_or("", |(_, u)| u).into(),
            value_fen: Fen::from_yuan(r.value_yuan),
            households: r.households,
            persons: r.persons,
            person_times: r.person_times,
            status: r.status,
            source: r.source,
            giver: r.giver.into(),
            notes: r.notes.into(),
            ..Entry::new(
                EntryId(i as u64 + 1),
                d,
                DepartmentId(r.department),
                VillageId(r.village),
                r.kind,
                r.what.to_string(),
                stamp(d),
            )
        });
    }
    sample_findings(&mut ledger);
    ledger
}

/// A small, fast, seedable generator (SplitMix64) so synthetic ledgers are reproducible
/// everywhere without another dependency.
struct SplitMix(u64);

impl SplitMix {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    fn below(&mut self, n: u64) -> u64 {
        self.next() % n.max(1)
    }
}

const VILLAGE_NAMES: [&str; 30] = [
    "九股村",
    "海子村",
    "平原村",
    "新华村",
    "光明村",
    "团结村",
    "红旗村",
    "和平村",
    "民主村",
    "向阳村",
    "双河村",
    "石门村",
    "大坪村",
    "小河村",
    "青山村",
    "龙井村",
    "桃园村",
    "白岩村",
    "松林村",
    "长坡村",
    "中寨村",
    "高峰村",
    "水塘村",
    "金竹村",
    "银山村",
    "花果村",
    "兴隆村",
    "永安村",
    "太平村",
    "凉水村",
];

const DEPARTMENT_NAMES: [&str; 15] = [
    "学院党委/校领导",
    "农业工程系",
    "医学护理系",
    "行政第四党支部",
    "团委",
    "工矿建筑系",
    "信息工程系",
    "经济管理系",
    "教务处",
    "后勤处",
    "学生处",
    "图书馆",
    "继续教育学院",
    "工会",
    "财务处",
];

const WHATS: [(&str, Kind, u32, &str); 15] = [
    ("公厕建设", Kind::Funds, 1, "座"),
    ("道路硬化补助", Kind::Funds, 1, "米"),
    ("化肥", Kind::Goods, 2, "袋"),
    ("种苗", Kind::Goods, 2, "株"),
    ("出诊箱", Kind::Goods, 2, "套"),
    ("学习用品", Kind::Goods, 3, "套"),
    ("口罩、体温计", Kind::Goods, 4, "箱"),
    ("义诊", Kind::Services, 4, "次"),
    ("农技培训", Kind::Training, 2, "期"),
    ("村干部培训", Kind::Training, 7, "期"),
    ("食堂采购农产品", Kind::Purchase, 2, "公斤"),
    ("帮助销售农产品", Kind::SalesHelp, 2, "公斤"),
    ("环境整治", Kind::Services, 5, "次"),
    ("志愿服务", Kind::Services, 6, "人次"),
    ("慰问金", Kind::Funds, 7, "户"),
];

/// Who brought in the synthetic ledger's introduced entries (illustrative names).
const INTRODUCED_GIVERS: [&str; 3] = ["合作企业", "校友会", "教育基金会"];

/// A synthetic ledger of `entries` entries over 30 villages and 15 departments, spread
/// over 2016–2025, the same for the same seed on every machine. Illustrative, not facts:
/// every kind (training for each group, purchases and help-to-sell through the
/// suggested channels) and every source (about 80 % the unit's own, 12 % brought in,
/// 8 % others' — the town's) occurs, so indicators and year-over-year tables have data.
pub fn synthetic_ledger(entries: usize, seed: u64) -> Ledger {
    let mut rng = SplitMix(seed ^ 0x00BA_46F0);
    let mut ledger = Ledger::new("毕节职业技术学院");
    for (i, name) in VILLAGE_NAMES.iter().enumerate() {
        ledger.villages.push(Village {
            registered: 20 + (i as u32 * 37) % 180,
            monitored: (i as u32 * 7) % 9,
            marginal: (i as u32 * 5) % 6,
            ..Village::new(
                VillageId(i as u32 + 1),
                name,
                ["妈姑镇", "财神镇", "六曲河镇"][i % 3],
                "赫章县",
            )
        });
    }
    for (i, name) in DEPARTMENT_NAMES.iter().enumerate() {
        ledger.departments.push(Department {
            id: DepartmentId(i as u32 + 1),
            name: (*name).to_string(),
        });
    }
    let start = date(2016, 1, 1);
    let days = (date(2025, 12, 31) - start).num_days() as u64 + 1;
    let mut dates: Vec<NaiveDate> = (0..entries)
        .map(|_| start + chrono::Duration::days(rng.below(days) as i64))
        .collect();
    dates.sort();
    ledger.entries.reserve(entries);
    for (i, d) in dates.into_iter().enumerate() {
        let (what, kind, category, unit) = WHATS[rng.below(WHATS.len() as u64) as usize];
        let value_fen = match kind {
            Kind::Funds => Fen(rng.below(5_000) as i64 * 10_000 + 100_000),
            Kind::Goods => Fen(rng.below(2_000_000) as i64 + 5_000),
            Kind::Services | Kind::Training => Fen(if rng.below(4) == 0 {
                rng.below(300_000) as i64
            } else {
                0
            }),
            Kind::Purchase | Kind::SalesHelp => Fen(rng.below(500_000) as i64 * 10 + 10_000),
        };
        let status = if kind == Kind::Funds && rng.below(10) == 0 {
            Status::Pledged {
                delivered_fen: Fen(value_fen.0 * rng.below(101) as i64 / 100),
            }
        } else {
            Status::Delivered
        };
        // Drawn in this order so a seed always gives the same ledger.
        let department = DepartmentId(rng.below(15) as u32 + 1);
        let village = VillageId(rng.below(30) as u32 + 1);
        let what = format!("{what}（第{}批）", rng.below(9) + 1);
        let quantity = Some(Quantity::from_int(rng.below(500) as i64 + 1));
        let households = rng.below(60) as u32;
        let persons = rng.below(200) as u32;
        let person_times = if matches!(kind, Kind::Services | Kind::Training) {
            rng.below(150) as u32
        } else {
            0
        };
        let source = match rng.below(100) {
            0..80 => Source::Direct,
            80..92 => Source::Introduced,
            _ => Source::Other,
        };
        let giver = match source {
            Source::Direct => String::new(),
            Source::Introduced => {
                INTRODUCED_GIVERS[rng.below(INTRODUCED_GIVERS.len() as u64) as usize].to_string()
            }
            Source::Other => "镇人民政府".to_string(),
        };
        let trainees = (kind == Kind::Training)
            .then(|| TraineeGroup::ALL[rng.below(TraineeGroup::ALL.len() as u64) as usize]);
        let channel = if kind.is_consumption() {
            CHANNEL_SUGGESTIONS[rng.below(CHANNEL_SUGGESTIONS.len() as u64) as usize].to_string()
        } else {
            String::new()
        };
        let notes = if rng.below(5) == 0 {
            "按计划完成".to_string()
        } else {
            String::new()
        };
        ledger.entries.push(Entry {
            category: Some(CategoryId(category)),
            quantity,
            unit: unit.into(),
            value_fen,
            households,
            persons,
            person_times,
            status,
            notes: notes.into(),
            source,
            giver: giver.into(),
            trainees,
            channel: channel.into(),
            ..Entry::new(
                EntryId(i as u64 + 1),
                d,
                department,
                village,
                kind,
                what,
                stamp(d),
            )
        });
    }
    ledger
}

/// Villages of the sample used in the unit tests below; kept here to avoid magic numbers.
pub const SAMPLE_UNIT: &str = "毕节职业技术学院";

/// One sample finding: village, category, description, linked entry, responsible department.
type SampleFinding = (u32, u32, &'static str, Option<u64>, Option<u32>);

/// The sample's rectification ledger (整改台账): the second round of 督战 in late May 2020
/// found 50 problems, 44 in 九股村 and 6 in 海子村, all to be cleared by 30 June 2020.
///
/// The news item names only the categories, so every description here is illustrative
/// (marked `illustrative`), typical of its category. The statuses are a plausible mix as
/// of the end of June: 九股村 30 已销号, 6 已整改, 6 整改中, 2 未整改; 海子村 4 已销号, 1
/// 已整改, 1 整改中. Findings the college's own June contributions answer link to them:
/// the public toilet (entry 1), the free clinic (5), the medical supplies (6) and the
/// volunteers' clean-up (10).
fn sample_findings(ledger: &mut Ledger) {
    use crate::ledger::findings::{
        DEFAULT_FINDING_CATEGORIES, Finding, FindingCategory, FindingCategoryId, FindingId,
        FindingStatus, ProgressNote, Responsible, Round, RoundId,
    };
    ledger.rounds.push(Round {
        id: RoundId(1),
        name: "第二轮督战".to_string(),
        date: Some(date(2020, 5, 25)),
        organiser: "赫章县脱贫攻坚督战组".to_string(),
    });
    for (i, name) in DEFAULT_FINDING_CATEGORIES.iter().enumerate() {
        ledger.finding_categories.push(FindingCategory {
            id: FindingCategoryId(i as u32 + 1),
            name: (*name).to_string(),
        });
    }
    // Category (1-based in DEFAULT_FINDING_CATEGORIES) → measures, responsible, person.
    let who = |category: u32| -> (&'static str, &'static str, &'static str) {
        match category {
            1 => (
                "核实就学情况，落实资助政策和送教上门",
                "妈姑镇中心学校",
                "校长",
            ),
            2 => (
                "组织签约医生上门随访，补齐档案，落实参保",
                "妈姑镇卫生院",
                "院长",
            ),
            3 => (
                "开展住房安全排查，限期维修或拆除",
                "妈姑镇人民政府",
                "分管副镇长",
            ),
            4 => ("维修管网，入户核查，建立管护制度", "妈姑镇水务站", "站长"),
            5 => (
                "制定硬化计划，组织施工并验收",
                "妈姑镇人民政府",
                "分管副镇长",
            ),
            6 => ("比对户籍与系统信息，逐户更新", "妈姑镇派出所", "户籍民警"),
            7 => ("开展人居环境整治，建立保洁制度", "九股村村委会", "村支书"),
            _ => ("核实收入，补齐测算依据", "九股村村委会", "驻村第一书记"),
        }
    };
    // (village, category, description, linked entry, responsible department)
    let rows: [SampleFinding; 50] = [
        (
            1,
            1,
            "一组1户适龄儿童随父母外出就读，就学信息未及时核实",
            None,
            None,
        ),
        (
            1,
            1,
            "教育资助政策宣传不到位，部分家长不知晓资助标准",
            None,
            None,
        ),
        (1, 1, "二组1户残疾适龄儿童送教上门记录不完整", None, None),
        (1, 1, "控辍保学台账与学校学籍信息不一致", None, None),
        (1, 2, "三组2户脱贫户家庭医生签约后未按期随访", None, None),
        (1, 2, "慢性病患者签约服务档案不全", Some(5), Some(3)),
        (1, 2, "部分群众对先诊疗后付费政策不知晓", Some(5), Some(3)),
        (1, 2, "1户脱贫户2020年度医疗保险未参保", None, None),
        (1, 2, "村卫生室常用药品、防疫物资不足", Some(6), Some(3)),
        (1, 2, "村卫生室体温计、口罩储备不足", Some(6), Some(3)),
        (1, 3, "四组1户危房改造后旧房未拆除", None, None),
        (1, 3, "二组1户房屋屋面漏雨", None, None),
        (1, 3, "1户易地扶贫搬迁户旧房未复垦", None, None),
        (1, 3, "三组1户住房墙体开裂，未作安全鉴定", None, None),
        (1, 3, "1户危改户厨房、厕所未配套", None, None),
        (1, 3, "五组1户独居老人住房门窗破损", None, None),
        (1, 3, "住房安全等级鉴定资料不全", None, None),
        (1, 4, "四组管网末端供水不稳定，高峰时段断水", None, None),
        (1, 4, "二组1户未通自来水入户", None, None),
        (1, 4, "蓄水池未加盖，存在安全隐患", None, None),
        (1, 4, "水质检测报告未公示", None, None),
        (1, 4, "五组3户水管冻裂后未修复", None, None),
        (1, 4, "饮水工程管护制度未上墙", None, None),
        (1, 4, "1户水表损坏未更换", None, None),
        (1, 5, "三组串户路约200米未硬化", None, None),
        (1, 5, "一组通组路路面破损", None, None),
        (1, 5, "村内道路排水沟堵塞", None, None),
        (1, 5, "五组临崖串户路未安装护栏", None, None),
        (1, 5, "产业路雨后泥泞，群众出行不便", None, None),
        (1, 6, "1户脱贫户家庭成员死亡后户籍未注销", None, None),
        (1, 6, "2户新生儿未及时录入系统", None, None),
        (1, 6, "1户婚嫁迁入人员信息未更新", None, None),
        (1, 6, "系统中家庭人口与户籍不一致", None, None),
        (1, 6, "1户外出务工人员信息未更新", None, None),
        (1, 6, "脱贫户明白卡信息与系统不一致", None, None),
        (1, 7, "村内无公共厕所，赶集日群众如厕难", Some(1), Some(1)),
        (
            1,
            7,
            "三组农户房前屋后柴草、杂物乱堆乱放",
            Some(10),
            Some(5),
        ),
        (1, 7, "独居老人家中室内卫生差", Some(10), Some(5)),
        (1, 7, "村道两侧生活垃圾未及时清运", None, None),
        (1, 7, "二组1户人畜混居", None, None),
        (1, 7, "部分农户厨房卫生差，灶台脏乱", None, None),
        (1, 7, "村委会周边垃圾收集点满溢", None, None),
        (1, 7, "群众卫生意识不强，缺少卫生宣传", Some(10), Some(5)),
        (1, 8, "1户脱贫户收入测算依据不充分", None, None),
        (2, 3, "1户住房屋面瓦片破损", None, None),
        (2, 4, "二组供水管道老化漏水", None, None),
        (2, 4, "1户水窖未清洗消毒", None, None),
        (2, 6, "1户家庭成员信息未更新", None, None),
        (2, 7, "农户房前屋后垃圾乱倒", None, None),
        (2, 7, "村内垃圾池未定期清理", None, None),
    ];
    // The status mix, spread over the categories by a fixed stride (13 is coprime to 44).
    let mut jiugu = [FindingStatus::Verified; 44];
    for (k, status) in [
        (30, FindingStatus::Done),
        (36, FindingStatus::InProgress),
        (42, FindingStatus::Open),
    ] {
        for slot in jiugu.iter_mut().skip(k) {
            *slot = status;
        }
    }
    let haizi = [
        FindingStatus::Verified,
        FindingStatus::InProgress,
        FindingStatus::Verified,
        FindingStatus::Verified,
        FindingStatus::Done,
        FindingStatus::Verified,
    ];
    let deadline = date(2020, 6, 30);
    for (i, (village, category, description, link, department)) in rows.into_iter().enumerate() {
        let status = if i < 44 {
            jiugu[(i * 13) % 44]
        } else {
            haizi[i - 44]
        };
        let (measures, unit, person) = who(category);
        let day = 3 + (i as u32 * 7) % 25; // 3..27 June
        let mut f = Finding::new(
            FindingId(i as u32 + 1),
            VillageId(village),
            RoundId(1),
            FindingCategoryId(category),
            description,
            deadline,
        );
        f.measures = measures.to_string();
        f.responsible = match department {
            Some(d) => Responsible::Department(DepartmentId(d)),
            None => Responsible::Outside(unit.replace(
                "九股村",
                if village == 2 {
                    "海子村"
                } else {
                    "九股村"
                },
            )),
        };
        f.person = person.to_string();
        f.illustrative = true;
        f.links = link.map(EntryId).into_iter().collect();
        f.status = status;
        match status {
            FindingStatus::Open => {}
            FindingStatus::InProgress => f.progress.push(ProgressNote {
                date: date(2020, 6, day),
                text: "已制定整改方案，正在组织实施".to_string(),
            }),
            FindingStatus::Done | FindingStatus::Verified => {
                f.progress.push(ProgressNote {
                    date: date(2020, 6, day.saturating_sub(2).max(1)),
                    text: "已制定整改方案并组织实施".to_string(),
                });
                f.done_on = Some(date(2020, 6, day));
                if status == FindingStatus::Verified {
                    f.verified_by = "妈姑镇督战办".to_string();
                    f.verified_on = Some(date(2020, 6, (day + 2).min(30)));
                }
            }
        }
        ledger.findings.push(f);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ledger::validate::validate_ledger;

    #[test]
    fn sample_is_valid() {
        assert_eq!(validate_ledger(&sample_ledger(), 10), vec![]);
    }

    #[test]
    fn synthetic_is_valid_and_reproducible() {
        let a = synthetic_ledger(2_000, 7);
        assert_eq!(validate_ledger(&a, 10), vec![]);
        assert_eq!(a, synthetic_ledger(2_000, 7));
        assert_ne!(a, synthetic_ledger(2_000, 8));
    }

    #[test]
    fn synthetic_has_every_kind_source_and_trainee_group() {
        let l = synthetic_ledger(3_000, 11);
        for k in Kind::ALL {
            assert!(l.entries.iter().any(|e| e.kind == k), "{k:?}");
        }
        for s in Source::ALL {
            assert!(l.entries.iter().any(|e| e.source == s), "{s:?}");
        }
        for g in TraineeGroup::ALL {
            assert!(l.entries.iter().any(|e| e.trainees == Some(g)), "{g:?}");
        }
        assert!(
            l.entries
                .iter()
                .all(|e| e.source.is_direct() == e.giver.is_empty())
        );
    }

    #[test]
    fn sample_departments_are_the_colleges_own() {
        let l = sample_ledger();
        assert_eq!(l.departments.len(), 6);
        let others: Vec<&Entry> = l
            .entries
            .iter()
            .filter(|e| e.source != Source::Direct)
            .collect();
        assert_eq!(others.len(), 1);
        assert_eq!(others[0].source, Source::Other);
        assert_eq!(others[0].value_fen, Fen::from_yuan(1_000_000));
    }
}
