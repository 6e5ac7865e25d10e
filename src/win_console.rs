//! Console glue for the Windows build, which is a GUI-subsystem program (no console window
//! pops up when the app is double-clicked). Started from `cmd` or PowerShell with
//! arguments, it attaches to that console so the CLI's output and errors show there.
//!
//! Handles that are already valid — output redirected to a file or a pipe, as in
//! `bangfu.exe summary … > out.csv` or a test harness — are left exactly as they are.

use std::fs::OpenOptions;
use std::os::windows::io::IntoRawHandle;
use windows_sys::Win32::Foundation::{HANDLE, INVALID_HANDLE_VALUE};
use windows_sys::Win32::System::Console::{
    ATTACH_PARENT_PROCESS, AttachConsole, GetStdHandle, STD_ERROR_HANDLE, STD_HANDLE,
    STD_OUTPUT_HANDLE, SetStdHandle,
};

/// Points stdout and stderr, where they have no handle, at the parent process's console.
/// Does nothing when both are already valid, or when there is no parent console
/// (started from Explorer or a shortcut).
pub fn attach_parent_console() {
    let missing: Vec<STD_HANDLE> = [STD_OUTPUT_HANDLE, STD_ERROR_HANDLE]
        .into_iter()
        .filter(|&which| is_missing(which))
        .collect();
    if missing.is_empty() {
        return;
    }
    // SAFETY: a plain Win32 call with a constant argument; it fails harmlessly (returns 0)
    // when the parent has no console or this process already has one.
    if unsafe { AttachConsole(ATTACH_PARENT_PROCESS) } == 0 {
        return;
    }
    for which in missing {
        // Some Windows versions fill in the null handles on attach; keep what they set.
        if !is_missing(which) {
            continue;
        }
        if let Ok(console) = OpenOptions::new().read(true).write(true).open("CONOUT$") {
            // The handle lives as long as the process: it is the process's stdout/stderr now.
            let handle: HANDLE = console.into_raw_handle();
            // SAFETY: `handle` is a valid, owned console handle that is never closed.
            unsafe { SetStdHandle(which, handle) };
        }
    }
}

/// True when the standard handle is null or invalid (a GUI-subsystem process started
/// without redirection has none).
fn is_missing(which: STD_HANDLE) -> bool {
    // SAFETY: GetStdHandle only reads the process's handle table entry.
    let handle = unsafe { GetStdHandle(which) };
    handle.is_null() || handle == INVALID_HANDLE_VALUE
}
