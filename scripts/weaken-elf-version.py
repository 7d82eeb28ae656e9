#!/usr/bin/env python3
"""Marks one symbol-version requirement of an ELF64 shared library weak (VER_FLG_WEAK), in place.

The dynamic loader refuses to load a library that needs a version its dependency lacks, unless the requirement is weak.
scripts/bench.sh uses this on TorchSharp's libLibTorchSharp.so, built with GCC 13, whose one GCC 13 requirement
(GLIBCXX_3.4.32, for std::ios_base_library_init) Debian 12's libstdc++ (GCC 12) does not have.
Usage: weaken-elf-version.py LIBRARY VERSION
"""
import struct
import sys

SHT_GNU_VERNEED = 0x6FFFFFFE
VER_FLG_WEAK = 0x2


def main(path, version):
    data = bytearray(open(path, "rb").read())
    if data[:4] != b"\x7fELF" or data[4] != 2 or data[5] != 1:
        sys.exit(f"{path}: not a little-endian ELF64 file")
    shoff, = struct.unpack_from("<Q", data, 0x28)
    shentsize, shnum = struct.unpack_from("<HH", data, 0x3A)
    sections = [struct.unpack_from("<IIQQQQIIQQ", data, shoff + i * shentsize) for i in range(shnum)]
    found = 0
    for _, kind, _, _, offset, _, link, count, _, _ in sections:
        if kind != SHT_GNU_VERNEED:
            continue
        strings = sections[link][4]
        need = offset
        for _ in range(count):  # Elf64_Verneed: vn_version, vn_cnt, vn_file, vn_aux, vn_next
            _, aux_count, _, aux, next_need = struct.unpack_from("<HHIII", data, need)
            entry = need + aux
            for _ in range(aux_count):  # Elf64_Vernaux: vna_hash, vna_flags, vna_other, vna_name, vna_next
                _, flags, _, name, next_aux = struct.unpack_from("<IHHII", data, entry)
                start = strings + name
                if data[start:data.index(0, start)] == version.encode():
                    struct.pack_into("<H", data, entry + 4, flags | VER_FLG_WEAK)
                    found += 1
                entry += next_aux
            need += next_need
    if not found:
        sys.exit(f"{path}: requires no version {version}")
    open(path, "wb").write(data)
    print(f"{path}: {version} is now a weak requirement")


if __name__ == "__main__":
    if len(sys.argv) != 3:
        sys.exit(__doc__)
    main(sys.argv[1], sys.argv[2])
