//! model words of the catalog (see the module docs of `crate::i18n`).

#[allow(unused_imports)]
use super::{Lang, Text};
