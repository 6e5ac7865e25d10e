//! The headless command line over the same library as the app.
//!
//! Exit codes: 0 ok; 1 usage or other errors; 2 a bad input file or bad data (nothing
//! written); 3 the ledger is locked by another process.

use crate::demo;
use crate::i18n::Lang;
use crate::ledger::entry_text::EntryText;
use crate::ledger::validate::{Field, FieldError, clean_name, parse_date};
use crate::ledger::{
    Category, Department, Edit, Fen, Ledger, Stamp, Village, edit::BatchLabel, money::group_count,
};
use crate::store::{self, ReadOnly, Saved, Store, StoreError, fs::RealFs};
use crate::summary::{Filter, GroupKey, Grouping, Totals, group};
use crate::transfer::csv as csv_transfer;
use chrono::NaiveDate;
use clap::{Args, Parser, Subcommand, ValueEnum};
use std::io::Write;
use std::path::{Path, PathBuf};

/// Exit code: success.
pub const EXIT_OK: i32 = 0;
/// Exit code: usage or other error.
pub const EXIT_OTHER: i32 = 1;
/// Exit code: bad input file or bad data; nothing was written.
pub const EXIT_BAD_INPUT: i32 = 2;
/// Exit code: the ledger is locked by another process.
pub const EXIT_LOCKED: i32 = 3;

/// Bangfu Ledger (帮扶台账): without a command, opens the desktop app.
#[derive(Debug, Parser)]
#[command(name = "bangfu", version, subcommand_precedence_over_arg = true)]
pub struct Cli {
    /// Ledger file to open in the app (default: the last one used, else your default ledger).
    pub file: Option<PathBuf>,
    /// Language of messages and tables.
    #[arg(long, value_enum, global = true, default_value = "zh")]
    pub lang: LangArg,
    /// What to do.
    #[command(subcommand)]
    pub command: Option<Command>,
}

/// `--lang zh|en`.
#[derive(Clone, Copy, Debug, ValueEnum)]
pub enum LangArg {
    /// 简体中文.
    Zh,
    /// English.
    En,
}

impl From<LangArg> for Lang {
    fn from(l: LangArg) -> Lang {
        match l {
            LangArg::Zh => Lang::Zh,
            LangArg::En => Lang::En,
        }
    }
}

/// The subcommands.
#[derive(Debug, Subcommand)]
pub enum Command {
    /// Create an empty ledger.
    New {
        /// The new file (must not exist).
        file: PathBuf,
        /// The assisting unit (帮扶单位).
        #[arg(long, default_value = "帮扶单位")]
        unit: String,
    },
    /// Write the sample ledger of the real case, or N synthetic entries.
    Demo {
        /// The new file (must not exist).
        out: PathBuf,
        /// Number of synthetic entries (over ~30 villages and ~15 departments).
        #[arg(long)]
        entries: Option<usize>,
        /// Seed for the synthetic entries.
        #[arg(long, default_value_t = 1)]
        seed: u64,
    },
    /// Check that a ledger file is valid.
    Check {
        /// The ledger file.
        file: PathBuf,
    },
    /// Print totals grouped by village, department, category, kind, month, quarter or year.
    Summary(SummaryArgs),
    /// Add one entry (validated, saved safely).
    Add(Box<AddArgs>),
    /// Append the rows of a CSV file (all or nothing).
    Import {
        /// The ledger file.
        file: PathBuf,
        /// The CSV file (UTF-8 or GBK; Chinese or English headers).
        #[arg(long)]
        csv: PathBuf,
    },
    /// Write the printed summary: an A4 PDF and/or an Excel workbook.
    Report(crate::report::cli::ReportArgs),
    /// Write every entry as CSV (UTF-8 with BOM, Chinese headers).
    Export {
        /// The ledger file.
        file: PathBuf,
        /// Where to write the CSV.
        #[arg(long)]
        csv: PathBuf,
    },
}

/// `bangfu summary`.
#[derive(Debug, Args)]
pub struct SummaryArgs {
    /// The ledger file.
    pub file: PathBuf,
    /// Group keys, comma-separated: village, department, category, kind, month, quarter, year.
    #[arg(long, value_delimiter = ',', required = true)]
    pub by: Vec<String>,
    /// First day (YYYY-MM-DD).
    #[arg(long)]
    pub from: Option<String>,
    /// Last day (YYYY-MM-DD).
    #[arg(long)]
    pub to: Option<String>,
    /// Output format.
    #[arg(long, value_enum, default_value = "table")]
    pub format: OutputFormat,
}

/// `--format`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum OutputFormat {
    /// Aligned, with thousands separators and a total row.
    Table,
    /// A header row, amounts with two decimals, no separators.
    Csv,
    /// An array of objects.
    Json,
}

/// `bangfu add`.
#[derive(Debug, Args)]
pub struct AddArgs {
    /// The ledger file.
    pub file: PathBuf,
    /// Date (YYYY-MM-DD).
    #[arg(long)]
    pub date: String,
    /// Village name.
    #[arg(long)]
    pub village: String,
    /// Department name.
    #[arg(long)]
    pub department: String,
    /// funds | goods | services (资金 | 物资 | 服务).
    #[arg(long)]
    pub kind: String,
    /// What was given.
    #[arg(long)]
    pub what: String,
    /// Category (created if new).
    #[arg(long)]
    pub category: Option<String>,
    /// Quantity.
    #[arg(long, allow_hyphen_values = true)]
    pub quantity: Option<String>,
    /// Unit of the quantity.
    #[arg(long)]
    pub unit: Option<String>,
    /// Value in yuan (`40000`, `4,000.50`, `4万`); for a pledge, the pledged amount.
    #[arg(long, allow_hyphen_values = true)]
    pub value: Option<String>,
    /// Marks the value as pledged, with this much delivered so far (yuan).
    #[arg(long, allow_hyphen_values = true)]
    pub delivered: Option<String>,
    /// Households reached.
    #[arg(long, allow_hyphen_values = true)]
    pub households: Option<String>,
    /// Persons reached.
    #[arg(long, allow_hyphen_values = true)]
    pub persons: Option<String>,
    /// Person-times.
    #[arg(long = "person-times", allow_hyphen_values = true)]
    pub person_times: Option<String>,
    /// Notes.
    #[arg(long)]
    pub notes: Option<String>,
    /// Create the village or department if it does not exist.
    #[arg(long)]
    pub create: bool,
}

/// Runs the command line; returns the exit code.
pub fn main() -> i32 {
    let cli = match Cli::try_parse() {
        Ok(cli) => cli,
        Err(e) => {
            let _ = e.print();
            return match e.kind() {
                clap::error::ErrorKind::DisplayHelp | clap::error::ErrorKind::DisplayVersion => {
                    EXIT_OK
                }
                _ => EXIT_OTHER,
            };
        }
    };
    run(cli)
}

/// Runs parsed arguments; returns the exit code.
pub fn run(cli: Cli) -> i32 {
    let lang = Lang::from(cli.lang);
    let result = match cli.command {
        None => return crate::ui::run_app(cli.file),
        Some(Command::New { file, unit }) => cmd_new(&file, &unit, lang),
        Some(Command::Demo { out, entries, seed }) => cmd_demo(&out, entries, seed, lang),
        Some(Command::Check { file }) => cmd_check(&file, lang),
        Some(Command::Summary(args)) => cmd_summary(&args, lang),
        Some(Command::Add(args)) => cmd_add(&args, lang),
        Some(Command::Import { file, csv }) => cmd_import(&file, &csv, lang),
        Some(Command::Export { file, csv }) => cmd_export(&file, &csv, lang),
        Some(Command::Report(mut args)) => {
            args.lang = match lang {
                Lang::Zh => crate::report::cli::LangArg::Zh,
                Lang::En => crate::report::cli::LangArg::En,
            };
            return crate::report::cli::run(&args);
        }
    };
    match result {
        Ok(()) => EXIT_OK,
        Err(failure) => {
            eprintln!("{}", failure.message);
            failure.code
        }
    }
}

/// A failed command: what to print and the exit code.
#[derive(Debug)]
pub struct Failure {
    /// The message, already in the user's language.
    pub message: String,
    /// The exit code.
    pub code: i32,
}

impl Failure {
    fn new(code: i32, message: impl Into<String>) -> Failure {
        Failure {
            message: message.into(),
            code,
        }
    }

    fn store(e: &StoreError, lang: Lang) -> Failure {
        Failure::new(e.exit_code(), e.message(lang))
    }
}

type CmdResult = Result<(), Failure>;

fn now() -> Stamp {
    chrono::Local::now().naive_local().with_nanosecond_zero()
}

trait NoNanos {
    fn with_nanosecond_zero(self) -> Self;
}

impl NoNanos for Stamp {
    fn with_nanosecond_zero(self) -> Stamp {
        use chrono::Timelike;
        self.with_nanosecond(0).unwrap_or(self)
    }
}

fn cmd_new(file: &Path, unit: &str, lang: Lang) -> CmdResult {
    let unit = clean_name(unit).map_err(|p| {
        Failure::new(
            EXIT_BAD_INPUT,
            FieldError::new(Field::AssistingUnit, p).message(lang),
        )
    })?;
    Store::create(file, &Ledger::new(&unit)).map_err(|e| Failure::store(&e, lang))?;
    println!(
        "{}",
        match lang {
            Lang::Zh => format!("已创建空台账：{}", file.display()),
            Lang::En => format!("created an empty ledger: {}", file.display()),
        }
    );
    Ok(())
}

fn cmd_demo(out: &Path, entries: Option<usize>, seed: u64, lang: Lang) -> CmdResult {
    let ledger = match entries {
        Some(n) => demo::synthetic_ledger(n, seed),
        None => demo::sample_ledger(),
    };
    Store::create(out, &ledger).map_err(|e| Failure::store(&e, lang))?;
    println!(
        "{}",
        match lang {
            Lang::Zh => format!("已写入 {} 条记录：{}", ledger.entries.len(), out.display()),
            Lang::En => format!("wrote {} entries: {}", ledger.entries.len(), out.display()),
        }
    );
    Ok(())
}

fn read(file: &Path, lang: Lang) -> Result<Ledger, Failure> {
    store::read_ledger(&RealFs, file).map_err(|e| Failure::store(&e, lang))
}

fn cmd_check(file: &Path, lang: Lang) -> CmdResult {
    let l = read(file, lang)?;
    println!(
        "{}",
        match lang {
            Lang::Zh => format!(
                "正常：{}，{} 条记录，{} 个村，{} 个部门，{} 个类别",
                file.display(),
                l.entries.len(),
                l.villages.len(),
                l.departments.len(),
                l.categories.len()
            ),
            Lang::En => format!(
                "ok: {}, {} entries, {} villages, {} departments, {} categories",
                file.display(),
                l.entries.len(),
                l.villages.len(),
                l.departments.len(),
                l.categories.len()
            ),
        }
    );
    Ok(())
}

fn parse_date_arg(
    text: Option<&String>,
    flag: &str,
    lang: Lang,
) -> Result<Option<NaiveDate>, Failure> {
    text.map(|t| {
        parse_date(t)
            .map_err(|p| Failure::new(EXIT_OTHER, format!("--{flag}: {}", p.message(lang))))
    })
    .transpose()
}

fn cmd_summary(args: &SummaryArgs, lang: Lang) -> CmdResult {
    let mut keys = Vec::new();
    for k in &args.by {
        let key = GroupKey::parse(k).ok_or_else(|| {
            let known: Vec<&str> = GroupKey::ALL.iter().map(|k| k.code()).collect();
            Failure::new(
                EXIT_OTHER,
                match lang {
                    Lang::Zh => format!("--by：未知的分组“{k}”，可选：{}", known.join(", ")),
                    Lang::En => format!("--by: unknown key “{k}”; known: {}", known.join(", ")),
                },
            )
        })?;
        keys.push(key);
    }
    let filter = Filter::period(
        parse_date_arg(args.from.as_ref(), "from", lang)?,
        parse_date_arg(args.to.as_ref(), "to", lang)?,
    );
    let ledger = read(&args.file, lang)?;
    let g = group(&ledger, &filter, &keys);
    let text = match args.format {
        OutputFormat::Table => summary_table(&ledger, &g, lang),
        OutputFormat::Csv => summary_csv(&ledger, &g, lang),
        OutputFormat::Json => summary_json(&ledger, &g, lang),
    };
    let mut out = std::io::stdout().lock();
    let _ = out.write_all(text.as_bytes());
    Ok(())
}

/// The numeric columns of a summary: (Chinese, English, value).
fn number_columns(t: &Totals, plain: bool) -> [(&'static str, &'static str, String); 8] {
    let money = |f: Fen| if plain { f.plain() } else { f.display() };
    let count = |n: u64| if plain { n.to_string() } else { group_count(n) };
    [
        ("条数", "entries", count(t.entries)),
        ("资金（元）", "funds_yuan", money(t.funds_fen)),
        ("物资（元）", "goods_yuan", money(t.goods_fen)),
        ("服务（元）", "services_yuan", money(t.services_fen)),
        ("合计（元）", "total_yuan", money(t.total_fen())),
        ("受益户数", "households", count(t.households)),
        ("受益人数", "persons", count(t.persons)),
        ("人次", "person_times", count(t.person_times)),
    ]
}

/// CSV of a grouping: key columns named by the key, then the totals.
pub fn summary_csv(ledger: &Ledger, g: &Grouping, lang: Lang) -> String {
    let mut w = ::csv::WriterBuilder::new().from_writer(Vec::new());
    let mut header: Vec<String> = g.keys.iter().map(|k| k.code().to_string()).collect();
    header.extend(
        number_columns(&Totals::default(), true)
            .iter()
            .map(|c| c.1.to_string()),
    );
    let _ = w.write_record(&header);
    for r in &g.rows {
        let mut rec: Vec<String> = r.key.iter().map(|k| k.label(ledger, lang)).collect();
        rec.extend(number_columns(&r.totals, true).into_iter().map(|c| c.2));
        let _ = w.write_record(&rec);
    }
    String::from_utf8(w.into_inner().unwrap_or_default()).unwrap_or_default()
}

/// JSON of a grouping: one object per row, amounts in fen and as yuan strings.
pub fn summary_json(ledger: &Ledger, g: &Grouping, lang: Lang) -> String {
    let rows: Vec<serde_json::Value> = g
        .rows
        .iter()
        .map(|r| {
            let mut o = serde_json::Map::new();
            for (k, v) in g.keys.iter().zip(&r.key) {
                o.insert(k.code().into(), v.label(ledger, lang).into());
            }
            totals_json(&r.totals, &mut o);
            serde_json::Value::Object(o)
        })
        .collect();
    let mut total = serde_json::Map::new();
    totals_json(&g.total, &mut total);
    let doc = serde_json::json!({ "rows": rows, "total": total });
    serde_json::to_string_pretty(&doc).unwrap_or_default() + "\n"
}

fn totals_json(t: &Totals, o: &mut serde_json::Map<String, serde_json::Value>) {
    o.insert("entries".into(), t.entries.into());
    for (name, fen) in [
        ("funds", t.funds_fen),
        ("goods", t.goods_fen),
        ("services", t.services_fen),
        ("total", t.total_fen()),
        ("pledged", t.pledged_fen),
        ("pledged_delivered", t.pledged_delivered_fen),
    ] {
        o.insert(format!("{name}_fen"), fen.0.into());
        o.insert(format!("{name}_yuan"), fen.plain().into());
    }
    o.insert("households".into(), t.households.into());
    o.insert("persons".into(), t.persons.into());
    o.insert("person_times".into(), t.person_times.into());
}

/// Display width in a terminal: CJK characters take two columns.
pub fn display_width(s: &str) -> usize {
    s.chars()
        .map(|c| {
            let u = c as u32;
            let wide = (0x1100..=0x115F).contains(&u)
                || (0x2E80..=0xA4CF).contains(&u)
                || (0xAC00..=0xD7A3).contains(&u)
                || (0xF900..=0xFAFF).contains(&u)
                || (0xFE30..=0xFE4F).contains(&u)
                || (0xFF00..=0xFF60).contains(&u)
                || (0xFFE0..=0xFFE6).contains(&u)
                || (0x20000..=0x3FFFD).contains(&u);
            if wide { 2 } else { 1 }
        })
        .sum()
}

/// An aligned table with thousands separators and a total row.
pub fn summary_table(ledger: &Ledger, g: &Grouping, lang: Lang) -> String {
    let mut rows: Vec<Vec<String>> = Vec::new();
    let mut header: Vec<String> = g.keys.iter().map(|k| k.label(lang).to_string()).collect();
    header.extend(
        number_columns(&Totals::default(), false)
            .iter()
            .map(|c| lang.pick(c.0, c.1).to_string()),
    );
    rows.push(header);
    for r in &g.rows {
        let mut rec: Vec<String> = r.key.iter().map(|k| k.label(ledger, lang)).collect();
        rec.extend(number_columns(&r.totals, false).into_iter().map(|c| c.2));
        rows.push(rec);
    }
    let mut total: Vec<String> = vec![String::new(); g.keys.len()];
    if let Some(first) = total.first_mut() {
        *first = lang.pick("合计", "Total").to_string();
    }
    total.extend(number_columns(&g.total, false).into_iter().map(|c| c.2));
    let ncols = rows[0].len();
    let widths: Vec<usize> = (0..ncols)
        .map(|i| {
            rows.iter()
                .chain(std::iter::once(&total))
                .map(|r| display_width(&r[i]))
                .max()
                .unwrap_or(0)
        })
        .collect();
    let nkeys = g.keys.len();
    let line = |r: &Vec<String>| -> String {
        let cells: Vec<String> = r
            .iter()
            .enumerate()
            .map(|(i, c)| {
                let pad = " ".repeat(widths[i] - display_width(c));
                if i < nkeys {
                    format!("{c}{pad}")
                } else {
                    format!("{pad}{c}")
                }
            })
            .collect();
        cells.join("  ").trim_end().to_string() + "\n"
    };
    let rule: String = widths
        .iter()
        .map(|w| "-".repeat(*w))
        .collect::<Vec<_>>()
        .join("  ")
        + "\n";
    let mut out = String::new();
    out.push_str(&line(&rows[0]));
    out.push_str(&rule);
    for r in &rows[1..] {
        out.push_str(&line(r));
    }
    out.push_str(&rule);
    out.push_str(&line(&total));
    out
}

/// Opens a ledger for writing, or fails with exit 3 if another process holds it.
fn open_for_writing(file: &Path, lang: Lang) -> Result<(Store, Ledger), Failure> {
    let (store, ledger, _) = Store::open(file).map_err(|e| Failure::store(&e, lang))?;
    if let Some(r) = store.read_only() {
        let code = if matches!(r, ReadOnly::LockedBy(_)) {
            EXIT_LOCKED
        } else {
            EXIT_OTHER
        };
        return Err(Failure::new(code, r.message(lang)));
    }
    Ok((store, ledger))
}

fn save(store: &mut Store, ledger: &Ledger, lang: Lang) -> CmdResult {
    match store.save(ledger).map_err(|e| Failure::store(&e, lang))? {
        Saved::InPlace => Ok(()),
        Saved::ConflictCopy(p) => Err(Failure::new(
            EXIT_OTHER,
            match lang {
                Lang::Zh => format!("文件已被他人修改，本次内容另存为：{}", p.display()),
                Lang::En => format!(
                    "the file was changed by someone else; saved to {}",
                    p.display()
                ),
            },
        )),
    }
}

fn field_failure(errors: &[FieldError], lang: Lang) -> Failure {
    Failure::new(
        EXIT_BAD_INPUT,
        errors
            .iter()
            .map(|e| e.message(lang))
            .collect::<Vec<_>>()
            .join("\n"),
    )
}

/// An optional flag's text, empty when absent.
fn opt(s: &Option<String>) -> &str {
    s.as_deref().unwrap_or("")
}

fn cmd_add(a: &AddArgs, lang: Lang) -> CmdResult {
    // Parse every field first: a bad value is reported before the file is touched.
    let parsed = EntryText {
        date: &a.date,
        village: &a.village,
        department: &a.department,
        kind: &a.kind,
        category: opt(&a.category),
        what: &a.what,
        quantity: opt(&a.quantity),
        unit: opt(&a.unit),
        value: opt(&a.value),
        delivered: opt(&a.delivered),
        households: opt(&a.households),
        persons: opt(&a.persons),
        person_times: opt(&a.person_times),
        notes: opt(&a.notes),
    }
    .parse()
    .map_err(|errors: Vec<FieldError>| field_failure(&errors, lang))?;
    let village_name = parsed.village.clone();
    let department_name = parsed.department.clone();
    let category_name = parsed.category.clone();

    let (mut store, mut ledger) = open_for_writing(&a.file, lang)?;
    let stamp = now();
    let mut edits = Vec::new();
    let mut work = ledger.clone();
    let mut unknown = Vec::new();
    if work.village_by_name(&village_name).is_none() {
        if a.create {
            let e = Edit::AddVillage {
                index: work.villages.len(),
                village: Village {
                    id: work.next_village_id(),
                    name: village_name.clone(),
                    town: String::new(),
                    county: String::new(),
                },
            };
            work.apply(&e)
                .map_err(|e| Failure::new(EXIT_BAD_INPUT, e.message(lang)))?;
            edits.push(e);
        } else {
            let known: Vec<&str> = ledger.villages.iter().map(|v| v.name.as_str()).collect();
            unknown.push(match lang {
                Lang::Zh => format!(
                    "村：不存在“{village_name}”。已有：{}（加 --create 可新建）",
                    known.join("、")
                ),
                Lang::En => format!(
                    "village: unknown “{village_name}”. Known: {} (add --create to create it)",
                    known.join(", ")
                ),
            });
        }
    }
    if work.department_by_name(&department_name).is_none() {
        if a.create {
            let e = Edit::AddDepartment {
                index: work.departments.len(),
                department: Department {
                    id: work.next_department_id(),
                    name: department_name.clone(),
                },
            };
            work.apply(&e)
                .map_err(|e| Failure::new(EXIT_BAD_INPUT, e.message(lang)))?;
            edits.push(e);
        } else {
            let known: Vec<&str> = ledger.departments.iter().map(|d| d.name.as_str()).collect();
            unknown.push(match lang {
                Lang::Zh => format!("部门：不存在“{department_name}”。已有：{}（加 --create 可新建）", known.join("、")),
                Lang::En => format!("department: unknown “{department_name}”. Known: {} (add --create to create it)", known.join(", ")),
            });
        }
    }
    if !unknown.is_empty() {
        return Err(Failure::new(EXIT_BAD_INPUT, unknown.join("\n")));
    }
    let category = if category_name.is_empty() {
        None
    } else if let Some(c) = work.category_by_name(&category_name) {
        Some(c.id)
    } else {
        let id = work.next_category_id();
        let e = Edit::AddCategory {
            index: work.categories.len(),
            category: Category {
                id,
                name: category_name,
            },
        };
        work.apply(&e)
            .map_err(|e| Failure::new(EXIT_BAD_INPUT, e.message(lang)))?;
        edits.push(e);
        Some(id)
    };
    let (Some(village), Some(department)) = (
        work.village_by_name(&village_name),
        work.department_by_name(&department_name),
    ) else {
        return Err(Failure::new(
            EXIT_OTHER,
            "internal: village or department vanished",
        ));
    };
    let entry = parsed.into_entry(
        work.next_entry_id(),
        village.id,
        department.id,
        category,
        stamp,
    );
    let add = Edit::AddEntry(entry.clone());
    work.apply(&add)
        .map_err(|e| Failure::new(EXIT_BAD_INPUT, e.message(lang)))?;
    edits.push(add);
    let edit = if edits.len() == 1 {
        edits.remove(0)
    } else {
        Edit::Batch {
            label: BatchLabel::Import { entries: 1 },
            edits,
        }
    };
    ledger
        .apply(&edit)
        .map_err(|e| Failure::new(EXIT_BAD_INPUT, e.message(lang)))?;
    save(&mut store, &ledger, lang)?;
    println!(
        "{}",
        match lang {
            Lang::Zh => format!(
                "已添加第 {} 条：{} {} {} {} 元",
                entry.id.0,
                entry.date,
                village_name,
                entry.what,
                entry.value_fen.display()
            ),
            Lang::En => format!(
                "added entry {}: {} {} {} {} yuan",
                entry.id.0,
                entry.date,
                village_name,
                entry.what,
                entry.value_fen.display()
            ),
        }
    );
    Ok(())
}

fn cmd_import(file: &Path, csv_path: &Path, lang: Lang) -> CmdResult {
    let bytes = std::fs::read(csv_path).map_err(|e| {
        Failure::new(
            EXIT_BAD_INPUT,
            match lang {
                Lang::Zh => format!("无法读取“{}”：{e}", csv_path.display()),
                Lang::En => format!("cannot read “{}”: {e}", csv_path.display()),
            },
        )
    })?;
    let text = csv_transfer::decode(&bytes);
    let (mut store, mut ledger) = open_for_writing(file, lang)?;
    let plan = csv_transfer::plan_import(&ledger, &text, now()).map_err(|errors| {
        let mut msg = match lang {
            Lang::Zh => format!(
                "“{}”有 {} 处错误，未导入任何记录：\n",
                csv_path.display(),
                errors.len()
            ),
            Lang::En => format!(
                "“{}” has {} errors; nothing was imported:\n",
                csv_path.display(),
                errors.len()
            ),
        };
        msg.push_str(
            &errors
                .iter()
                .map(|e| e.message(lang))
                .collect::<Vec<_>>()
                .join("\n"),
        );
        Failure::new(EXIT_BAD_INPUT, msg)
    })?;
    ledger
        .apply(&plan.edit)
        .map_err(|e| Failure::new(EXIT_BAD_INPUT, e.message(lang)))?;
    save(&mut store, &ledger, lang)?;
    let list = |names: &[String]| names.join(lang.pick("、", ", "));
    match lang {
        Lang::Zh => {
            println!("已导入 {} 条记录", plan.entries);
            if !plan.new_villages.is_empty() {
                println!("新建村：{}", list(&plan.new_villages));
            }
            if !plan.new_departments.is_empty() {
                println!("新建部门：{}", list(&plan.new_departments));
            }
            if !plan.new_categories.is_empty() {
                println!("新建类别：{}", list(&plan.new_categories));
            }
        }
        Lang::En => {
            println!("imported {} entries", plan.entries);
            if !plan.new_villages.is_empty() {
                println!("new villages: {}", list(&plan.new_villages));
            }
            if !plan.new_departments.is_empty() {
                println!("new departments: {}", list(&plan.new_departments));
            }
            if !plan.new_categories.is_empty() {
                println!("new categories: {}", list(&plan.new_categories));
            }
        }
    }
    Ok(())
}

fn cmd_export(file: &Path, csv_path: &Path, lang: Lang) -> CmdResult {
    let ledger = read(file, lang)?;
    let bytes = csv_transfer::export(&ledger);
    store::write_file_atomic(csv_path, &bytes).map_err(|e| Failure::store(&e, lang))?;
    println!(
        "{}",
        match lang {
            Lang::Zh => format!(
                "已导出 {} 条记录：{}",
                ledger.entries.len(),
                csv_path.display()
            ),
            Lang::En => format!(
                "exported {} entries: {}",
                ledger.entries.len(),
                csv_path.display()
            ),
        }
    );
    Ok(())
}
