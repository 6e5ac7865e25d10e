//! store words of the catalog (see the module docs of `crate::i18n`): files, locks, saves
//! and backups.

use super::{Lang, Text};
use std::io;
use std::path::Path;

/// A step of opening or saving: reading the ledger.
pub const DOING_READ: Text = Text("读取", "reading");
/// A step: writing the temporary file.
pub const DOING_WRITE_TEMP: Text = Text("写入临时文件", "writing the temporary file");
/// A step: keeping the previous version as a backup.
pub const DOING_BACKUP: Text = Text("保留备份", "keeping a backup");
/// A step: replacing the file.
pub const DOING_REPLACE: Text = Text("替换文件", "replacing the file");
/// A step: flushing the folder.
pub const DOING_SYNC_FOLDER: Text = Text("刷新文件夹", "flushing the folder");
/// A step: taking the lock.
pub const DOING_LOCK: Text = Text("加锁", "locking");
/// A step: appending an edit to the journal.
pub const DOING_APPEND_JOURNAL: Text = Text("写入修改日志", "appending to the journal");
/// A step: moving the journal's lines to the history.
pub const DOING_ARCHIVE_JOURNAL: Text = Text(
    "把修改日志移入历史记录",
    "moving the journal to the history",
);
/// A step: creating the folder.
pub const DOING_CREATE_FOLDER: Text = Text("创建文件夹", "creating the folder");

/// Saving was checked by reading it back and it differed (a bug caught before any harm).
pub const VERIFY_FAILED: Text = Text(
    "保存前校验失败，文件未改动",
    "verification before saving failed; the file is unchanged",
);

/// `读取“a.ron”失败：磁盘空间不足（…）`: a file operation failed.
pub fn io_failed(lang: Lang, doing: Text, path: &Path, error: &io::Error) -> String {
    let what = io_text(error, lang);
    match lang {
        Lang::Zh => format!("{}“{}”失败：{what}", doing.get(lang), path.display()),
        Lang::En => format!("{} “{}” failed: {what}", doing.get(lang), path.display()),
    }
}

/// An OS error, with a plain Chinese explanation of the common ones.
pub fn io_text(e: &io::Error, lang: Lang) -> String {
    let zh = match e.raw_os_error() {
        Some(28) if cfg!(unix) => Some("磁盘空间不足"),
        Some(36) if cfg!(target_os = "linux") => Some("文件名太长"),
        Some(112) if cfg!(windows) => Some("磁盘空间不足"),
        Some(5) if cfg!(unix) => Some("磁盘读写错误"),
        _ => match e.kind() {
            io::ErrorKind::NotFound => Some("文件不存在"),
            io::ErrorKind::PermissionDenied => Some("没有权限（文件可能被其他程序占用）"),
            io::ErrorKind::AlreadyExists => Some("文件已存在"),
            io::ErrorKind::InvalidFilename => Some("文件名太长或无效"),
            io::ErrorKind::StorageFull => Some("磁盘空间不足"),
            _ => None,
        },
    };
    match (lang, zh) {
        (Lang::Zh, Some(z)) => format!("{z}（{e}）"),
        _ => e.to_string(),
    }
}

/// The file is not a ledger this build can read.
pub fn cannot_read(lang: Lang, path: &Path, why: &str) -> String {
    match lang {
        Lang::Zh => format!("无法读取“{}”：{why}", path.display()),
        Lang::En => format!("cannot read “{}”: {why}", path.display()),
    }
}

/// Shown for a lock holder whose user name is not known.
pub const UNKNOWN_USER: Text = Text("未知用户", "an unknown user");
/// Shown for a lock holder whose computer name is not known.
pub const UNKNOWN_HOST: Text = Text("未知计算机", "an unknown computer");
/// Shown for a lock holder whose start time is not known.
pub const UNKNOWN_SINCE: Text = Text("未知时间", "an unknown time");

/// `value`, or the catalog's word for "not known" when it is empty (or the `?` of old
/// lock files).
fn known(lang: Lang, value: &str, unknown: Text) -> &str {
    if value.is_empty() || value == "?" {
        unknown.get(lang)
    } else {
        value
    }
}

/// Another process holds the ledger (when trying to create or write it).
pub fn locked(lang: Lang, user: &str, host: &str, since: &str, pid: u32) -> String {
    let user = known(lang, user, UNKNOWN_USER);
    let host = known(lang, host, UNKNOWN_HOST);
    let since = known(lang, since, UNKNOWN_SINCE);
    match lang {
        Lang::Zh => {
            format!("台账正由 {user} 在 {host} 上使用（自 {since} 起，进程 {pid}），请稍后再试")
        }
        Lang::En => format!(
            "the ledger is in use by {user} on {host} since {since} (process {pid}); try again later"
        ),
    }
}

/// `create` was asked for a file that already exists.
pub fn exists(lang: Lang, path: &Path) -> String {
    match lang {
        Lang::Zh => format!("文件已存在：{}", path.display()),
        Lang::En => format!("file already exists: {}", path.display()),
    }
}

/// Read-only banner: another copy holds the ledger.
pub fn read_only_locked(lang: Lang, user: &str, host: &str, since: &str, pid: u32) -> String {
    let user = known(lang, user, UNKNOWN_USER);
    let host = known(lang, host, UNKNOWN_HOST);
    let since = known(lang, since, UNKNOWN_SINCE);
    match lang {
        Lang::Zh => {
            format!("只读：此台账正由 {user} 在 {host} 上使用（自 {since} 起，进程 {pid}）")
        }
        Lang::En => {
            format!(
                "Read-only: this ledger is in use by {user} on {host} since {since} (process {pid})"
            )
        }
    }
}

/// Read-only banner: written by a newer version.
pub fn read_only_newer(lang: Lang, version: u32) -> String {
    match lang {
        Lang::Zh => format!("只读：此文件由更新的版本（第 {version} 版）创建，保存可能丢失其内容"),
        Lang::En => format!(
            "Read-only: written by a newer version ({version}); saving could lose what it added"
        ),
    }
}

/// Read-only banner: the lock file could not be made or written; says what really
/// happened (a full disk, a read-only folder) and names the file.
pub fn read_only_no_lock(lang: Lang, lock_file: &Path, e: &io::Error) -> String {
    let file = lock_file.display();
    let full = is_disk_full(e);
    let read_only = matches!(
        e.kind(),
        io::ErrorKind::ReadOnlyFilesystem | io::ErrorKind::PermissionDenied
    );
    match (lang, full, read_only) {
        (Lang::Zh, true, _) => {
            format!("只读：磁盘已满，无法写入锁文件“{file}”。腾出空间后重新打开即可编辑（{e}）")
        }
        (Lang::En, true, _) => format!(
            "Read-only: the disk is full, so the lock file “{file}” cannot be written. Free some space and open the ledger again to edit it ({e})"
        ),
        (Lang::Zh, false, true) => {
            format!("只读：文件夹不可写（只读或没有权限），无法创建锁文件“{file}”（{e}）")
        }
        (Lang::En, false, true) => format!(
            "Read-only: the folder cannot be written (read-only or no permission), so the lock file “{file}” cannot be made ({e})"
        ),
        (Lang::Zh, false, false) => format!("只读：锁文件“{file}”无法创建或写入（{e}）"),
        (Lang::En, false, false) => {
            format!("Read-only: the lock file “{file}” cannot be made or written ({e})")
        }
    }
}

/// Read-only banner: the journal is damaged in the middle.
pub fn read_only_journal_damaged(lang: Lang, journal: &Path, line: usize, good: u64) -> String {
    match lang {
        Lang::Zh => format!(
            "只读：修改日志“{}”第 {line} 行已损坏，其后还有记录。现在显示的是第 {good} 次修改后的台账；用 bangfu recover 恢复到这次修改后可继续编辑（损坏的日志会完整保留在历史记录里）",
            journal.display()
        ),
        Lang::En => format!(
            "Read-only: line {line} of the journal “{}” is damaged and more edits follow it. Shown: the ledger after edit {good}; `bangfu recover` keeps it up to that edit so editing can go on (the damaged journal is kept whole in the history)",
            journal.display()
        ),
    }
}

/// The journal is damaged in the middle (reading without opening).
pub fn journal_damaged(lang: Lang, journal: &Path, line: usize, good: u64) -> String {
    match lang {
        Lang::Zh => format!(
            "修改日志“{}”第 {line} 行已损坏，其后还有记录；最后一次完好的修改是第 {good} 次（bangfu recover 可恢复到这次修改）",
            journal.display()
        ),
        Lang::En => format!(
            "line {line} of the journal “{}” is damaged and more edits follow it; the last good edit is number {good} (bangfu recover keeps the ledger up to it)",
            journal.display()
        ),
    }
}

/// Between two notes about an opened file.
pub const NOTE_SEPARATOR: Text = Text("；", "; ");

/// The journal's last line was torn (a save cut short) and was dropped.
pub fn torn_tail_note(lang: Lang, line: usize, bytes: usize) -> String {
    match lang {
        Lang::Zh => format!(
            "修改日志的最后一行（第 {line} 行，{bytes} 字节）不完整，是上次保存被中断留下的，已舍弃；此前的修改都在"
        ),
        Lang::En => format!(
            "the journal's last line (line {line}, {bytes} bytes) was incomplete, left by a save that was cut short, and was dropped; every edit before it is there"
        ),
    }
}

/// A newer version's fields that were left out.
pub fn ignored_fields_note(lang: Lang, fields: &str) -> String {
    match lang {
        Lang::Zh => format!("此文件含有本版本不认识的字段，未显示：{fields}"),
        Lang::En => format!("this file has fields this version does not know, not shown: {fields}"),
    }
}

/// `bangfu history` when nothing is on record.
pub const NO_HISTORY: Text = Text("（没有修改记录）", "(no edits on record)");

/// The headings of `bangfu history`'s table.
pub fn history_headings(lang: Lang) -> [&'static str; 6] {
    match lang {
        Lang::Zh => ["序号", "时间", "用户", "计算机", "操作", "内容"],
        Lang::En => ["seq", "time", "user", "host", "action", "detail"],
    }
}

/// The detail of a batch edit.
pub fn batch_detail(lang: Lang, edits: usize) -> String {
    match lang {
        Lang::Zh => format!("共 {edits} 项修改"),
        Lang::En => format!("{edits} edits"),
    }
}

/// `bangfu restore --to SEQ` at or past the last edit.
pub fn restore_nothing(lang: Lang, to: u64, last: u64) -> String {
    match lang {
        Lang::Zh => format!("无需恢复：--to {to} 不早于最后一次修改（第 {last} 次），台账未改动"),
        Lang::En => format!(
            "nothing to restore: --to {to} is not before the last edit (number {last}); the ledger is unchanged"
        ),
    }
}

/// `bangfu restore`: an edit after SEQ is missing from the history.
pub fn restore_gap(lang: Lang, to: u64) -> String {
    match lang {
        Lang::Zh => format!(
            "无法恢复到第 {to} 次修改之后：其后的修改记录不全（历史记录缺失或修改日志损坏），台账未改动"
        ),
        Lang::En => format!(
            "cannot restore to edit {to}: the edits after it are not all on record (history missing or journal damaged); the ledger is unchanged"
        ),
    }
}

/// `bangfu restore` done.
pub fn restored(lang: Lang, to: u64, undone: usize, seq: u64) -> String {
    match lang {
        Lang::Zh => format!(
            "已恢复到第 {to} 次修改之后的状态：撤回其后 {undone} 次修改，记为第 {seq} 次修改（可再恢复）"
        ),
        Lang::En => format!(
            "restored to just after edit {to}: the {undone} edits after it are undone, recorded as edit {seq} (itself restorable)"
        ),
    }
}

/// `bangfu recover` on a journal that is not damaged.
pub fn recover_nothing(lang: Lang) -> String {
    match lang {
        Lang::Zh => "修改日志完好，无需恢复，台账未改动".into(),
        Lang::En => {
            "the journal is not damaged; nothing to recover, the ledger is unchanged".into()
        }
    }
}

/// `bangfu recover` done.
pub fn recovered(lang: Lang, good: u64) -> String {
    match lang {
        Lang::Zh => format!(
            "已恢复到第 {good} 次修改：损坏的修改日志已完整保存在历史记录文件夹中，其后的记录未应用"
        ),
        Lang::En => format!(
            "recovered up to edit {good}: the damaged journal is kept whole in the history folder; the lines after it were not applied"
        ),
    }
}

/// `bangfu compact` with an empty journal.
pub fn compact_nothing(lang: Lang) -> String {
    match lang {
        Lang::Zh => "修改日志为空，无需整理，台账未改动".into(),
        Lang::En => "the journal is empty; nothing to compact, the ledger is unchanged".into(),
    }
}

/// `bangfu compact` done.
pub fn compacted(lang: Lang, last: u64) -> String {
    match lang {
        Lang::Zh => format!(
            "已写入新快照（含第 {last} 次及以前的修改），修改日志已移入历史记录，旧快照保留为备份"
        ),
        Lang::En => format!(
            "wrote a new snapshot (edits up to number {last}); the journal moved to the history, the old snapshot is kept as a backup"
        ),
    }
}

/// `--since` is not a date.
pub fn bad_since(lang: Lang, text: &str) -> String {
    match lang {
        Lang::Zh => format!("--since 的日期“{text}”无效，应为 YYYY-MM-DD"),
        Lang::En => format!("--since “{text}” is not a date (YYYY-MM-DD)"),
    }
}

/// True for "no space left on device" (ENOSPC, Windows' ERROR_DISK_FULL).
fn is_disk_full(e: &io::Error) -> bool {
    e.kind() == io::ErrorKind::StorageFull
        || e.kind() == io::ErrorKind::QuotaExceeded
        || (cfg!(unix) && e.raw_os_error() == Some(28))
        || (cfg!(windows) && e.raw_os_error() == Some(112))
}

/// A ledger's own file name is longer than the file system allows.
pub fn name_too_long(lang: Lang, path: &Path, len: usize, max: usize) -> String {
    match lang {
        Lang::Zh => format!(
            "文件名太长（{len} 字节，最多 {max}），无法创建“{}”：请换一个短一些的名字",
            path.display()
        ),
        Lang::En => format!(
            "the file name is too long ({len} bytes, at most {max}), so “{}” cannot be created: choose a shorter name",
            path.display()
        ),
    }
}

/// What a refused path is: a named pipe.
pub const SPECIAL_FIFO: Text = Text("命名管道（FIFO）", "a named pipe (FIFO)");
/// What a refused path is: a device.
pub const SPECIAL_DEVICE: Text = Text("设备文件", "a device");
/// What a refused path is: a folder.
pub const SPECIAL_FOLDER: Text = Text("文件夹", "a folder");
/// What a refused path is: a socket.
pub const SPECIAL_SOCKET: Text = Text("套接字", "a socket");
/// What a refused path is: some other special file.
pub const SPECIAL_OTHER: Text = Text("特殊文件", "a special file");

/// The path is not a regular file, so it is not opened as a ledger.
pub fn not_a_file(lang: Lang, path: &Path, what: Text) -> String {
    match lang {
        Lang::Zh => format!(
            "“{}”是{}，不是普通文件，不能作为台账打开（未读取，也未写入）",
            path.display(),
            what.get(lang)
        ),
        Lang::En => format!(
            "“{}” is {}, not a regular file, so it cannot be opened as a ledger (nothing was read or written)",
            path.display(),
            what.get(lang)
        ),
    }
}

/// The file is larger than any ledger may be.
pub fn too_large(lang: Lang, path: &Path, limit: u64) -> String {
    let mib = limit >> 20;
    match lang {
        Lang::Zh => format!("“{}”超过 {mib} MiB，不像台账文件，未打开", path.display()),
        Lang::En => format!(
            "“{}” is larger than {mib} MiB, too large for a ledger; not opened",
            path.display()
        ),
    }
}

/// A history segment that could not be read whole: named, with what is missing.
pub fn history_segment_damaged(lang: Lang, segment: &Path, error: &io::Error) -> String {
    match lang {
        Lang::Zh => format!(
            "历史记录文件“{}”已损坏，无法完整读取（{error}）；其中损坏处之后的修改未列出",
            segment.display()
        ),
        Lang::En => format!(
            "the history file “{}” is damaged and cannot be read whole ({error}); the edits after the damage in it are not listed",
            segment.display()
        ),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[cfg(unix)]
    #[test]
    fn a_full_disk_at_lock_time_says_so() {
        let lock = Path::new("/d/台账.ron.lock");
        let zh = read_only_no_lock(Lang::Zh, lock, &io::Error::from_raw_os_error(28));
        assert!(
            zh.starts_with(
                "只读：磁盘已满，无法写入锁文件“/d/台账.ron.lock”。腾出空间后重新打开即可编辑（"
            ),
            "{zh}"
        );
        assert!(!zh.contains("无法加锁"), "{zh}");
        let ro = read_only_no_lock(
            Lang::En,
            lock,
            &io::Error::from(io::ErrorKind::ReadOnlyFilesystem),
        );
        assert!(
            ro.starts_with("Read-only: the folder cannot be written"),
            "{ro}"
        );
    }

    #[test]
    fn an_unknown_holder_is_named_in_words_not_question_marks() {
        let zh = read_only_locked(Lang::Zh, "", "?", "", 7);
        assert_eq!(
            zh,
            "只读：此台账正由 未知用户 在 未知计算机 上使用（自 未知时间 起，进程 7）"
        );
        let en = locked(Lang::En, "li", "pc1", "2026-11-28 14:03", 7);
        assert!(en.contains("li on pc1 since 2026-11-28 14:03"), "{en}");
    }
}
