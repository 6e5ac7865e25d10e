//! File systems for tests that change one or two operations of another: a test's file
//! system says where the rest go ([`Forwarding`]) and lists them in [`forward_fs!`], so
//! it writes only the operations it changes.

// Only the store's test files use these.
#![allow(unused_macros, unused_imports)]

use bangfu::store::fs::Fs;

/// The file system the operations a test does not change go to.
pub trait Forwarding {
    /// Where they go (`&RealFs`, or a wrapped [`bangfu::store::fs::FaultyFs`]).
    fn to(&self) -> &dyn Fs;
}

/// Inside `impl Fs for T` (with `T: Forwarding`): the named operations of
/// [`bangfu::store::fs::Fs`], each sent on to [`Forwarding::to`] unchanged.
macro_rules! forward_fs {
    ($($op:ident),+ $(,)?) => { $( forward_fs!(@ $op); )+ };
    (@ read) => {
        fn read(&self, path: &std::path::Path) -> std::io::Result<Vec<u8>> {
            $crate::common::fs::Forwarding::to(self).read(path)
        }
    };
    (@ open_read) => {
        fn open_read(
            &self,
            path: &std::path::Path,
        ) -> std::io::Result<(Box<dyn std::io::Read + Send>, u64)> {
            $crate::common::fs::Forwarding::to(self).open_read(path)
        }
    };
    (@ write_new_synced) => {
        fn write_new_synced(&self, path: &std::path::Path, bytes: &[u8]) -> std::io::Result<()> {
            $crate::common::fs::Forwarding::to(self).write_new_synced(path, bytes)
        }
    };
    (@ rename) => {
        fn rename(&self, from: &std::path::Path, to: &std::path::Path) -> std::io::Result<()> {
            $crate::common::fs::Forwarding::to(self).rename(from, to)
        }
    };
    (@ sync_dir) => {
        fn sync_dir(&self, dir: &std::path::Path) -> std::io::Result<()> {
            $crate::common::fs::Forwarding::to(self).sync_dir(dir)
        }
    };
    (@ hard_link) => {
        fn hard_link(&self, original: &std::path::Path, link: &std::path::Path) -> std::io::Result<()> {
            $crate::common::fs::Forwarding::to(self).hard_link(original, link)
        }
    };
    (@ copy) => {
        fn copy(&self, from: &std::path::Path, to: &std::path::Path) -> std::io::Result<()> {
            $crate::common::fs::Forwarding::to(self).copy(from, to)
        }
    };
    (@ remove_file) => {
        fn remove_file(&self, path: &std::path::Path) -> std::io::Result<()> {
            $crate::common::fs::Forwarding::to(self).remove_file(path)
        }
    };
    (@ create_dir_all) => {
        fn create_dir_all(&self, path: &std::path::Path) -> std::io::Result<()> {
            $crate::common::fs::Forwarding::to(self).create_dir_all(path)
        }
    };
    (@ metadata) => {
        fn metadata(&self, path: &std::path::Path) -> std::io::Result<std::fs::Metadata> {
            $crate::common::fs::Forwarding::to(self).metadata(path)
        }
    };
    (@ list_dir) => {
        fn list_dir(&self, path: &std::path::Path) -> std::io::Result<Vec<std::path::PathBuf>> {
            $crate::common::fs::Forwarding::to(self).list_dir(path)
        }
    };
    (@ append_synced) => {
        fn append_synced(&self, path: &std::path::Path, bytes: &[u8]) -> std::io::Result<()> {
            $crate::common::fs::Forwarding::to(self).append_synced(path, bytes)
        }
    };
    (@ truncate) => {
        fn truncate(&self, path: &std::path::Path, len: u64) -> std::io::Result<()> {
            $crate::common::fs::Forwarding::to(self).truncate(path, len)
        }
    };
}
pub(crate) use forward_fs;
