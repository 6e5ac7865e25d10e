//! Moving entries in and out: CSV, spreadsheet (.xlsx, .xls, .ods) and pasted-cell import
//! through one path (all or nothing), CSV export, and merging another ledger.

pub mod csv;
pub mod evidence_pack;
pub mod findings;
pub mod merge;
pub mod sheet;
pub mod table;
