//! evidence words of the catalog (see the module docs of `crate::i18n`): attached files
//! (佐证材料), their store, the `attach`/`detach`/`evidence` commands and the pack.

use super::{Lang, Text};

/// `#3`: an entry named in a message.
pub fn owner_entry(_lang: Lang, id: u64) -> String {
    format!("#{id}")
}

/// `问题#7` / `finding #7`: a finding named in a message.
pub fn owner_finding(lang: Lang, id: u32) -> String {
    match lang {
        Lang::Zh => format!("问题#{id}"),
        Lang::En => format!("finding #{id}"),
    }
}

/// History: a file attached.
pub fn describe_attach(lang: Lang, owner: &str, name: &str) -> String {
    format!("{} {owner} {name}", ATTACH_VERB.get(lang))
}

/// History: a file detached.
pub fn describe_detach(lang: Lang, owner: &str, name: &str) -> String {
    format!("{} {owner} {name}", DETACH_VERB.get(lang))
}

/// 添加佐证.
pub const ATTACH_VERB: Text = Text("添加佐证", "attach evidence");
/// 移除佐证.
pub const DETACH_VERB: Text = Text("移除佐证", "detach evidence");
/// 佐证材料.
pub const EVIDENCE: Text = Text("佐证材料", "evidence");

/// The same file is already attached to that record.
pub fn already_attached(lang: Lang, name: &str) -> String {
    match lang {
        Lang::Zh => format!("“{name}”已作为佐证添加到这条记录，不能重复添加"),
        Lang::En => format!("“{name}” is already attached to this record"),
    }
}

/// `52.4 MB`: a size in megabytes (1 MB = 1,048,576 bytes) with one decimal, rounded down.
pub fn megabytes(bytes: u64) -> String {
    const MB: u64 = 1024 * 1024;
    format!("{}.{} MB", bytes / MB, (bytes % MB) * 10 / MB)
}

/// A file over the limit.
pub fn too_big(lang: Lang, path: &str, size: u64, limit: u64) -> String {
    let (size, limit) = (megabytes(size), megabytes(limit));
    match lang {
        Lang::Zh => format!("{path}：文件太大（{size}），佐证材料每个文件最大 {limit}；未添加"),
        Lang::En => format!("{path}: file too large ({size}); the limit is {limit}; not attached"),
    }
}

/// A folder, FIFO or device given as a file.
pub fn not_a_file(lang: Lang, path: &str) -> String {
    match lang {
        Lang::Zh => format!("{path}：不是普通文件（文件夹、管道或设备），未添加"),
        Lang::En => format!("{path}: not a regular file (a folder, pipe or device); not attached"),
    }
}

/// The file to attach cannot be read.
pub fn cannot_read(lang: Lang, path: &str, why: &str) -> String {
    match lang {
        Lang::Zh => format!("无法读取 {path}：{why}"),
        Lang::En => format!("cannot read {path}: {why}"),
    }
}

/// The disk is full.
pub fn disk_full(lang: Lang, path: &str) -> String {
    match lang {
        Lang::Zh => format!("磁盘已满，无法写入 {path}；未添加任何文件"),
        Lang::En => format!("the disk is full, cannot write {path}; nothing was attached"),
    }
}

/// Writing into the files folder failed.
pub fn cannot_write(lang: Lang, path: &str, why: &str) -> String {
    match lang {
        Lang::Zh => format!("无法写入 {path}：{why}；未添加任何文件"),
        Lang::En => format!("cannot write {path}: {why}; nothing was attached"),
    }
}

/// A stored file's bytes do not match its hash.
pub fn damaged(lang: Lang, name: &str, path: &str) -> String {
    match lang {
        Lang::Zh => format!("佐证文件“{name}”已损坏（{path} 的内容与记录的校验值不符）"),
        Lang::En => {
            format!("evidence file “{name}” is damaged ({path} does not match its recorded hash)")
        }
    }
}
