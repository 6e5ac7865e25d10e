//! Moving entries in and out as spreadsheets: CSV import (all or nothing) and export.

pub mod csv;
