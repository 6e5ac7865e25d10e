//! cli words of the catalog (see the module docs of `crate::i18n`): the command line's own
//! messages. Field and measure names come from [`super::fields`].

use super::{Lang, Text};
use std::path::Path;

/// `bangfu` with no command in a build without the app.
pub const NO_APP: Text = Text(
    "此版本不含桌面程序（无界面版本），请指定一个命令，例如 bangfu check 台账.ron",
    "this build has no desktop app (headless build); give a command, e.g. bangfu check ledger.ron",
);
/// `bangfu report` without `--pdf` or `--xlsx`.
pub const REPORT_NO_OUTPUT: Text = Text(
    "请用 --pdf 输出.pdf 或 --xlsx 输出.xlsx 指定要生成的文件",
    "say what to write: --pdf OUT.pdf and/or --xlsx OUT.xlsx",
);
/// The prefix of a warning line.
pub const WARNING: Text = Text("警告：", "warning: ");
/// Separator of a list of names.
pub const LIST_SEPARATOR: Text = Text("、", ", ");

/// `new`: an empty ledger was created.
pub fn created_empty(lang: Lang, file: &Path) -> String {
    match lang {
        Lang::Zh => format!("已创建空台账：{}", file.display()),
        Lang::En => format!("created an empty ledger: {}", file.display()),
    }
}

/// `demo`: the sample or synthetic ledger was written.
pub fn demo_written(lang: Lang, entries: usize, file: &Path) -> String {
    match lang {
        Lang::Zh => format!("已写入 {entries} 条记录：{}", file.display()),
        Lang::En => format!("wrote {entries} entries: {}", file.display()),
    }
}

/// `check`: the file is a valid ledger.
pub fn check_ok(
    lang: Lang,
    file: &Path,
    entries: usize,
    villages: usize,
    departments: usize,
    categories: usize,
) -> String {
    match lang {
        Lang::Zh => format!(
            "正常：{}，{entries} 条记录，{villages} 个村，{departments} 个部门，{categories} 个类别",
            file.display()
        ),
        Lang::En => format!(
            "ok: {}, {entries} entries, {villages} villages, {departments} departments, {categories} categories",
            file.display()
        ),
    }
}

/// `summary --by`: a key that is not known.
pub fn unknown_group_key(lang: Lang, key: &str, known: &[&str]) -> String {
    match lang {
        Lang::Zh => format!("--by：未知的分组“{key}”，可选：{}", known.join(", ")),
        Lang::En => format!("--by: unknown key “{key}”; known: {}", known.join(", ")),
    }
}

/// A save went to a conflict copy because the file was changed by someone else.
pub fn saved_to_conflict_copy(lang: Lang, copy: &Path) -> String {
    match lang {
        Lang::Zh => format!("文件已被他人修改，本次内容另存为：{}", copy.display()),
        Lang::En => format!(
            "the file was changed by someone else; saved to {}",
            copy.display()
        ),
    }
}

/// `add`: the entry was added (`value` already formatted).
pub fn entry_added(
    lang: Lang,
    id: u64,
    date: &str,
    village: &str,
    what: &str,
    value: &str,
) -> String {
    match lang {
        Lang::Zh => format!("已添加第 {id} 条：{date} {village} {what} {value} 元"),
        Lang::En => format!("added entry {id}: {date} {village} {what} {value} yuan"),
    }
}

/// A file given on the command line cannot be read.
pub fn cannot_read_file(lang: Lang, file: &Path, error: &std::io::Error) -> String {
    match lang {
        Lang::Zh => format!("无法读取“{}”：{error}", file.display()),
        Lang::En => format!("cannot read “{}”: {error}", file.display()),
    }
}

/// `import`: the first line above the list of errors.
pub fn import_errors(lang: Lang, file: &Path, count: usize) -> String {
    match lang {
        Lang::Zh => format!("“{}”有 {count} 处错误，未导入任何记录：", file.display()),
        Lang::En => format!(
            "“{}” has {count} errors; nothing was imported:",
            file.display()
        ),
    }
}

/// `import`: how many entries were imported.
pub fn imported(lang: Lang, entries: usize) -> String {
    match lang {
        Lang::Zh => format!("已导入 {entries} 条记录"),
        Lang::En => format!("imported {entries} entries"),
    }
}

/// `import`: a typed part of a name that was read as the whole name (`村：“九股”即“九股村”`).
pub fn name_read_as(lang: Lang, field: &str, typed: &str, name: &str) -> String {
    format!(
        "{field}{}{}",
        super::model::COLON.get(lang),
        super::model::name_matched(lang, typed, name)
    )
}

/// `import`: the villages it created (`names` already joined).
pub fn new_villages(lang: Lang, names: &str) -> String {
    match lang {
        Lang::Zh => format!("新建村：{names}"),
        Lang::En => format!("new villages: {names}"),
    }
}

/// `import`: the departments it created.
pub fn new_departments(lang: Lang, names: &str) -> String {
    match lang {
        Lang::Zh => format!("新建部门：{names}"),
        Lang::En => format!("new departments: {names}"),
    }
}

/// `import`: the categories it created.
pub fn new_categories(lang: Lang, names: &str) -> String {
    match lang {
        Lang::Zh => format!("新建类别：{names}"),
        Lang::En => format!("new categories: {names}"),
    }
}

/// `export`: the CSV was written.
pub fn exported(lang: Lang, entries: usize, file: &Path) -> String {
    match lang {
        Lang::Zh => format!("已导出 {entries} 条记录：{}", file.display()),
        Lang::En => format!("exported {entries} entries: {}", file.display()),
    }
}

/// `report`: what the PDF came to (`size` already formatted).
pub fn pdf_note(lang: Lang, pages: usize, size: &str) -> String {
    match lang {
        Lang::Zh => format!("{pages} 页，{size}"),
        Lang::En => format!("{pages} pages, {size}"),
    }
}

/// `report`: a file was written.
pub fn report_written(lang: Lang, file: &Path, note: &str) -> String {
    match lang {
        Lang::Zh => format!("已生成“{}”（{note}）", file.display()),
        Lang::En => format!("wrote “{}” ({note})", file.display()),
    }
}

/// An output file could not be written (nothing was replaced).
pub fn cannot_write(lang: Lang, why: &str) -> String {
    match lang {
        Lang::Zh => format!("未写入任何文件：{why}"),
        Lang::En => format!("nothing was written: {why}"),
    }
}

/// A command that only reads could not write its output to stdout.
pub fn output_failed(lang: Lang, error: &std::io::Error) -> String {
    match lang {
        Lang::Zh => format!("无法输出结果（{error}）"),
        Lang::En => format!("the output could not be written ({error})"),
    }
}

/// The work was done (the ledger saved or the file written), but the line saying so
/// could not be written to stdout.
pub fn output_failed_after_work(lang: Lang, error: &std::io::Error) -> String {
    match lang {
        Lang::Zh => format!("操作已完成并已保存，但无法输出结果（{error}），请勿重试"),
        Lang::En => {
            format!("done and saved, but the output could not be written ({error}); do not retry")
        }
    }
}

/// `targets --set`: the text has no `=` between indicator and amount.
pub fn target_needs_equals(lang: Lang, spec: &str) -> String {
    match lang {
        Lang::Zh => format!("--set “{spec}”：应写作 指标=金额，如 引进帮扶资金=10万"),
        Lang::En => format!("--set “{spec}”: write INDICATOR=AMOUNT, e.g. introduced_funds=100000"),
    }
}

/// `targets --set`: an indicator that does not exist, with the ones there are.
pub fn target_unknown_indicator(lang: Lang, typed: &str, known: &[String]) -> String {
    match lang {
        Lang::Zh => format!("--set：不存在指标“{typed}”。可用：{}", known.join("、")),
        Lang::En => format!(
            "--set: unknown indicator “{typed}”. Known: {}",
            known.join(", ")
        ),
    }
}

/// `targets`: the note under the table when an indicator was completed above its target.
pub const TARGET_OVER: Text = Text("超额完成", "exceeded");

/// `targets --set`: a bad amount for an indicator (`problem` is the model's message).
pub fn target_bad_amount(lang: Lang, indicator: &str, amount: &str, problem: &str) -> String {
    match lang {
        Lang::Zh => format!("--set {indicator} 的目标“{amount}”{problem}"),
        Lang::En => format!("--set {indicator}: the target “{amount}” {problem}"),
    }
}

/// `targets --year`: outside 2000–2100.
pub fn target_bad_year(lang: Lang, year: i32) -> String {
    match lang {
        Lang::Zh => format!("--year {year}：年份须在 2000 至 2100 之间"),
        Lang::En => format!("--year {year}: the year must be between 2000 and 2100"),
    }
}
