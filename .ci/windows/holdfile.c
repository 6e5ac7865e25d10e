/*
 * TEST-ONLY helper for .ci/windows-smoke.sh, never shipped. Keeps a file busy the way a
 * second program would, until it is killed:
 *
 *   holdfile.exe lock LEDGER.ron.lock
 *       Opens the lock file as Rust's std::fs::OpenOptions does (share read, write and
 *       delete) and locks it exactly as std's File::try_lock does on Windows: LockFileEx,
 *       exclusive, fail immediately, the whole range (offset 0, length 0xFFFFFFFF:FFFFFFFF).
 *       Then writes holder lines (user/host/pid/since) into the lock file and into
 *       LEDGER.ron.lock.info, as bangfu does, so a refused writer can name it; the user
 *       differs between the two, to show which one the writer could read.
 *       bangfu has no CLI command that holds a ledger for long (the desktop app does, but
 *       needs a display), hence this stand-in.
 *
 *   holdfile.exe open LEDGER.ron
 *       Opens the ledger for reading with share mode "read" only, as some viewers and
 *       backup tools do: replacing the file must then fail (after retries), never fall
 *       back to delete-then-copy.
 *
 * Prints "holding <pid>" once the file is held, then sleeps.
 */
#include <stdio.h>
#include <string.h>
#include <wchar.h>
#include <windows.h>

static int fail(const char *what)
{
    fprintf(stderr, "holdfile: %s failed: error %lu\n", what, GetLastError());
    return 2;
}

static BOOL write_all(HANDLE h, const char *text)
{
    DWORD done = 0;
    return WriteFile(h, text, (DWORD)strlen(text), &done, NULL) && done == strlen(text);
}

int wmain(int argc, wchar_t **argv)
{
    if (argc != 3) {
        fprintf(stderr, "usage: holdfile.exe lock FILE.lock | open FILE\n");
        return 1;
    }
    const wchar_t *path = argv[2];
    DWORD pid = GetCurrentProcessId();
    if (wcscmp(argv[1], L"lock") == 0) {
        HANDLE h = CreateFileW(path, GENERIC_READ | GENERIC_WRITE,
                               FILE_SHARE_READ | FILE_SHARE_WRITE | FILE_SHARE_DELETE, NULL,
                               OPEN_ALWAYS, FILE_ATTRIBUTE_NORMAL, NULL);
        if (h == INVALID_HANDLE_VALUE)
            return fail("CreateFileW");
        OVERLAPPED ov;
        memset(&ov, 0, sizeof ov);
        if (!LockFileEx(h, LOCKFILE_EXCLUSIVE_LOCK | LOCKFILE_FAIL_IMMEDIATELY, 0, MAXDWORD,
                        MAXDWORD, &ov))
            return fail("LockFileEx");
        /* The two files name different users: a refusal that names "smoke-holder" read the
         * info file, i.e. the locked lock file was unreadable, as on Windows. */
        char lines[256];
        snprintf(lines, sizeof lines, "user=lock-file-content\nhost=wine\npid=%lu\nsince=2020-06-30 09:00\n",
                 (unsigned long)pid);
        SetFilePointer(h, 0, NULL, FILE_BEGIN);
        SetEndOfFile(h);
        if (!write_all(h, lines))
            return fail("WriteFile(lock)");
        snprintf(lines, sizeof lines, "user=smoke-holder\nhost=wine\npid=%lu\nsince=2020-06-30 09:00\n",
                 (unsigned long)pid);
        wchar_t info[MAX_PATH * 2];
        if (_snwprintf(info, MAX_PATH * 2, L"%ls.info", path) < 0)
            return fail("info path");
        HANDLE hi = CreateFileW(info, GENERIC_WRITE, FILE_SHARE_READ | FILE_SHARE_DELETE, NULL,
                                CREATE_ALWAYS, FILE_ATTRIBUTE_NORMAL, NULL);
        if (hi == INVALID_HANDLE_VALUE || !write_all(hi, lines))
            return fail("write info");
        CloseHandle(hi);
    } else if (wcscmp(argv[1], L"open") == 0) {
        HANDLE h = CreateFileW(path, GENERIC_READ, FILE_SHARE_READ, NULL, OPEN_EXISTING,
                               FILE_ATTRIBUTE_NORMAL, NULL);
        if (h == INVALID_HANDLE_VALUE)
            return fail("CreateFileW");
    } else {
        fprintf(stderr, "holdfile: unknown mode\n");
        return 1;
    }
    printf("holding %lu\n", (unsigned long)pid);
    fflush(stdout);
    Sleep(INFINITE);
    return 0;
}
