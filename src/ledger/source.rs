//! Where a contribution comes from (本单位投入 / 引进 / 其他) and, for training, who was
//! trained. Every total keeps the three sources apart: the unit's own input is what the
//! unit reports as its own; money it brought in is shown beside it; others' input (the
//! town's funds for a village) is recorded for the village's picture and never counted as
//! the unit's.

use crate::i18n::{Lang, Text, model};
use serde::{Deserialize, Serialize};

/// The source of a contribution (来源).
#[derive(
    Clone, Copy, Debug, Default, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize,
)]
pub enum Source {
    /// 本单位投入: the unit's own input (the default).
    #[default]
    Direct,
    /// 引进: brought in by the unit from enterprises, alumni or foundations.
    Introduced,
    /// 其他: others' input recorded to complete a village's picture (the town's funds);
    /// never counted as the unit's.
    Other,
}

impl Source {
    /// Every source in display order.
    pub const ALL: [Source; 3] = [Source::Direct, Source::Introduced, Source::Other];

    /// 本单位投入 / direct.
    pub fn label(self, lang: Lang) -> &'static str {
        self.text().get(lang)
    }

    /// The source's name in the catalog (English as the CLI and CSV write it).
    pub fn text(self) -> Text {
        match self {
            Source::Direct => model::SOURCE_DIRECT,
            Source::Introduced => model::SOURCE_INTRODUCED,
            Source::Other => model::SOURCE_OTHER,
        }
    }

    /// `direct`, `introduced`, `other`.
    pub fn code(self) -> &'static str {
        self.label(Lang::En)
    }

    /// True for the unit's own input (the default, not written to the file).
    pub fn is_direct(&self) -> bool {
        *self == Source::Direct
    }

    /// Reads 本单位投入 / 引进 / 其他 or direct / introduced / other (any case, a few
    /// synonyms: 本单位, 直接投入, 自有, brought in, others). Empty text is `None`: the
    /// caller decides (an empty 来源 cell means 本单位投入).
    pub fn parse(text: &str) -> Option<Source> {
        match text.trim().to_lowercase().as_str() {
            "本单位投入" | "本单位" | "直接投入" | "自有" | "direct" | "own" => {
                Some(Source::Direct)
            }
            "引进" | "引进资金" | "introduced" | "brought in" | "brought-in" => {
                Some(Source::Introduced)
            }
            "其他" | "其它" | "other" | "others" => Some(Source::Other),
            _ => None,
        }
    }
}

/// Who was trained (培训对象), for a training entry.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub enum TraineeGroup {
    /// 基层干部: village and town cadres.
    Cadres,
    /// 乡村振兴带头人: leaders of rural revitalisation.
    Leaders,
    /// 专业技术人才: technicians.
    Technicians,
    /// 农民: farmers.
    Farmers,
}

impl TraineeGroup {
    /// Every group in display order.
    pub const ALL: [TraineeGroup; 4] = [
        TraineeGroup::Cadres,
        TraineeGroup::Leaders,
        TraineeGroup::Technicians,
        TraineeGroup::Farmers,
    ];

    /// 基层干部 / cadres.
    pub fn label(self, lang: Lang) -> &'static str {
        self.text().get(lang)
    }

    /// The group's name in the catalog.
    pub fn text(self) -> Text {
        match self {
            TraineeGroup::Cadres => model::TRAINEES_CADRES,
            TraineeGroup::Leaders => model::TRAINEES_LEADERS,
            TraineeGroup::Technicians => model::TRAINEES_TECHNICIANS,
            TraineeGroup::Farmers => model::TRAINEES_FARMERS,
        }
    }

    /// `cadres`, `leaders`, `technicians`, `farmers`.
    pub fn code(self) -> &'static str {
        self.label(Lang::En)
    }

    /// Reads the Chinese or English name (any case, a few synonyms).
    pub fn parse(text: &str) -> Option<TraineeGroup> {
        match text.trim().to_lowercase().as_str() {
            "基层干部" | "干部" | "cadres" | "cadre" => Some(TraineeGroup::Cadres),
            "乡村振兴带头人" | "带头人" | "leaders" | "leader" => {
                Some(TraineeGroup::Leaders)
            }
            "专业技术人才" | "技术人才" | "technicians" | "technician" => {
                Some(TraineeGroup::Technicians)
            }
            "农民" | "farmers" | "farmer" => Some(TraineeGroup::Farmers),
            _ => None,
        }
    }
}

/// Channels offered for purchases and help-to-sell (渠道); any other text is accepted.
pub const CHANNEL_SUGGESTIONS: [&str; 3] = ["食堂", "工会", "832平台"];

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sources_read_both_languages_and_round_trip() {
        for s in Source::ALL {
            assert_eq!(Source::parse(s.label(Lang::Zh)), Some(s));
            assert_eq!(Source::parse(s.code()), Some(s));
        }
        assert_eq!(Source::parse(" Introduced "), Some(Source::Introduced));
        assert_eq!(Source::parse("其它"), Some(Source::Other));
        assert_eq!(Source::parse(""), None);
        assert_eq!(Source::parse("捐赠"), None);
        assert_eq!(Source::default(), Source::Direct);
        assert_eq!(
            Source::ALL.map(|s| s.label(Lang::Zh)),
            ["本单位投入", "引进", "其他"]
        );
        assert_eq!(
            Source::ALL.map(|s| s.label(Lang::En)),
            ["direct", "introduced", "other"]
        );
    }

    #[test]
    fn trainee_groups_read_both_languages() {
        for g in TraineeGroup::ALL {
            assert_eq!(TraineeGroup::parse(g.label(Lang::Zh)), Some(g));
            assert_eq!(TraineeGroup::parse(g.code()), Some(g));
        }
        assert_eq!(
            TraineeGroup::ALL.map(|g| g.label(Lang::Zh)),
            ["基层干部", "乡村振兴带头人", "专业技术人才", "农民"]
        );
        assert_eq!(TraineeGroup::parse("学生"), None);
    }
}
