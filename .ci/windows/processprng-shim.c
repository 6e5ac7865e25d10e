/*
 * TEST-ONLY shim, never shipped: Debian's Wine 8.0 has no bcryptprimitives.dll, whose
 * ProcessPrng every Rust 1.78+ Windows program imports, so the .exe dies before main.
 * Built as bcryptprimitives.dll into the smoke test's temporary folder, beside the copy
 * of bangfu.exe under test. ProcessPrng is answered by advapi32's RtlGenRandom
 * (exported as SystemFunction036), which Wine has.
 */
#include <windows.h>

BOOLEAN WINAPI SystemFunction036(PVOID buffer, ULONG length);

__declspec(dllexport) BOOL WINAPI ProcessPrng(PBYTE data, SIZE_T length)
{
    while (length > 0) {
        ULONG chunk = length > 0x10000000 ? 0x10000000 : (ULONG)length;
        if (!SystemFunction036(data, chunk))
            return FALSE;
        data += chunk;
        length -= chunk;
    }
    return TRUE;
}
