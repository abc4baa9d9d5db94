#!/usr/bin/python3
# make-inputs.py - writes hostile inputs for ksym, made from real modules and
# symvers files, and the table of what ksym must say about each.
#
# Usage: make-inputs.py OUTDIR MODULE.ko... -- FILE.symvers... -- COMPRESSED...
#
# The sources are the seed corpus in tests/fuzz/corpus/ (real Debian
# modules and Module.symvers lines, see tests/fuzz/README.md). For each
# module it writes truncations at every structure boundary (ELF header,
# section header table, each kernel section), corrupted ELF and section
# headers, kernel sections of wrong sizes and contents; for each symvers
# file, malformed lines; for each compressed file, cut and corrupted
# streams. Every input goes to OUTDIR/NAME, and OUTDIR/table.tsv gets one
# row:
#
#   NAME <TAB> ENV <TAB> EXIT <TAB> MATCH <TAB> STDERR
#
# ENV is '-' or VAR=VALUE for the run; MATCH is 'exact' or 'prefix'; STDERR
# is the one line 'ksym dump NAME', run inside OUTDIR, must print.
# The expected text is worked out here from the structure that was broken,
# independently of ksym's code: when the two disagree, the test fails.

import os
import struct
import sys

EHDR64 = 64
SHDR64 = 64
SYM64 = 24
SHT_NOBITS = 8
SHT_SYMTAB = 2
SHT_STRTAB = 3
SHT_PROGBITS = 1
KERNEL_SECTIONS = ["__ksymtab", "__ksymtab_gpl", "__kcrctab", "__kcrctab_gpl",
                   "__ksymtab_strings", "__versions", ".modinfo",
                   ".gnu.linkonce.this_module", ".symtab", ".strtab"]


class Elf:
    """An ELF64 little-endian object, the kind every seed module is."""

    def __init__(self, data):
        assert data[:4] == b"\x7fELF" and data[4] == 2 and data[5] == 1
        self.data = bytes(data)
        (self.shoff,) = struct.unpack_from("<Q", data, 40)
        self.shnum, self.shstrndx = struct.unpack_from("<HH", data, 60)
        self.shdrs = [self.shdr(i) for i in range(self.shnum)]
        names = self.shdrs[self.shstrndx]
        self.names_off, self.names_size = names["offset"], names["size"]
        for sh in self.shdrs:
            sh["name_str"] = self.cstr(self.names_off + sh["name"])

    def shdr(self, i):
        f = struct.unpack_from("<IIQQQQIIQQ", self.data, self.shoff + i * SHDR64)
        return dict(index=i, name=f[0], type=f[1], addr=f[3], offset=f[4],
                    size=f[5], link=f[6], entsize=f[9])

    def cstr(self, off):
        end = self.data.index(b"\0", off)
        return self.data[off:end].decode()

    def section(self, name):
        for sh in self.shdrs:
            if sh["name_str"] == name:
                return sh
        return None

    def symbols(self):
        sym = self.section(".symtab")
        strtab = self.shdrs[sym["link"]]
        out = []
        for i in range(sym["size"] // SYM64):
            n, info, other, shndx, value, size = struct.unpack_from(
                "<IBBHQQ", self.data, sym["offset"] + i * SYM64)
            out.append(dict(index=i, name=self.cstr(strtab["offset"] + n),
                            shndx=shndx, value=value, st_name=n))
        return out

    def shdr_field_off(self, i, field):
        offs = dict(name=0, type=4, offset=24, size=32, link=40, entsize=56)
        return self.shoff + i * SHDR64 + offs[field]

    def with_shdr(self, i, field, value):
        b = bytearray(self.data)
        fmt = "<I" if field in ("name", "type", "link") else "<Q"
        struct.pack_into(fmt, b, self.shdr_field_off(i, field), value)
        return bytes(b)


class Table:
    def __init__(self, outdir):
        self.outdir = outdir
        self.rows = []
        self.names = set()

    def add(self, name, data, exit_code, stderr, match="exact", env="-"):
        assert name not in self.names, name
        self.names.add(name)
        with open(os.path.join(self.outdir, name), "wb") as f:
            f.write(data)
        self.rows.append((name, env, str(exit_code), match,
                          stderr.replace("@", name)))

    def write(self):
        with open(os.path.join(self.outdir, "table.tsv"), "w") as f:
            for row in self.rows:
                f.write("\t".join(row) + "\n")


def err(text):
    return "ksym: error: '@': " + text


def truncation_error(elf, t):
    """What a module cut to t bytes must be refused with."""
    if t < 4:
        return err("not an ELF object")
    if t < 16:
        return err("ELF header is truncated: %d bytes" % t)
    if t < EHDR64:
        return err("ELF header is truncated: %d of 64 bytes" % t)
    if elf.shoff > t or t - elf.shoff < SHDR64:
        return err("section header table at offset %d is past the end of the "
                   "file (%d bytes)" % (elf.shoff, t))
    if elf.shoff + elf.shnum * SHDR64 > t:
        return err("section header table (offset %d, %d entries) ends past the "
                   "end of the file (%d bytes)" % (elf.shoff, elf.shnum, t))
    # the headers are whole: the name table first, then sections in order
    order = [elf.shdrs[elf.shstrndx]] + elf.shdrs[1:]
    for sh in order:
        if sh["type"] != SHT_NOBITS and sh["offset"] + sh["size"] > t:
            return past_end_error(elf, sh, sh["offset"], sh["size"], t)
    # only the appended signature is cut: the module reads as before
    return None


def past_end_error(elf, sh, offset, size, filesize):
    if sh["index"] == elf.shstrndx:
        return err("section name table (offset %d, %d bytes) ends past the end "
                   "of the file (%d bytes)" % (offset, size, filesize))
    return err("section '%s' (offset %d, %d bytes) ends past the end of the "
               "file (%d bytes)" % (sh["name_str"], offset, size, filesize))


def module_rows(tab, path):
    data = open(path, "rb").read()
    elf = Elf(data)
    stem = os.path.basename(path)[:-3]
    size = len(data)

    def add(what, blob, text, code=1):
        tab.add("%s-%s.ko" % (stem, what), blob, code, text)

    # Truncations at every boundary: inside and at the ends of the ELF
    # header, each kernel section, the section header table and each entry.
    cuts = {0, 1, 3, 4, 15, 16, 17, 52, 63, 64}
    for sh in elf.shdrs:
        if sh["name_str"] in KERNEL_SECTIONS or sh["index"] == elf.shstrndx:
            cuts |= {sh["offset"], sh["offset"] + sh["size"] // 2,
                     sh["offset"] + sh["size"]}
    for i in range(elf.shnum + 1):
        cuts |= {elf.shoff + i * SHDR64, elf.shoff + i * SHDR64 + 1}
    cuts |= {size - 1}
    elf_end = max(elf.shoff + elf.shnum * SHDR64,
                  max(sh["offset"] + sh["size"] for sh in elf.shdrs
                      if sh["type"] != SHT_NOBITS))
    cuts |= {elf_end, (elf_end + size) // 2}
    for t in sorted(c for c in cuts if c < size):
        text = truncation_error(elf, t)
        add("cut-%d" % t, data[:t], text or "", 1 if text else 0)

    # The ELF header, one field at a time.
    def patch(off, fmt, value):
        b = bytearray(data)
        struct.pack_into(fmt, b, off, value)
        return bytes(b)

    add("bad-magic", patch(1, "B", ord("X")), err("not an ELF object"))
    add("class-0", patch(4, "B", 0), err("unknown ELF class 0"))
    add("class-9", patch(4, "B", 9), err("unknown ELF class 9"))
    add("class-32", patch(4, "B", 1),
        err("a 32-bit ELF object for machine x86_64, which is 64-bit"))
    add("byte-order-0", patch(5, "B", 0), err("unknown ELF byte order 0"))
    # read big-endian, e_type ET_REL (1) is 256
    add("byte-order-swapped", patch(5, "B", 2),
        err("ELF type 256 is neither a module nor a kernel image"))
    add("version-0", patch(6, "B", 0), err("unknown ELF version 0"))
    add("type-core", patch(16, "<H", 4),
        err("ELF type 4 is neither a module nor a kernel image"))
    add("machine-none", patch(18, "<H", 0), err("ELF machine is 0 (none)"))
    add("machine-i386", patch(18, "<H", 3),
        err("a 64-bit ELF object for machine i386, which is 32-bit"))
    add("shoff-0", patch(40, "<Q", 0), err("has no section headers"))
    for what, v in (("shoff-eof", size), ("shoff-huge", 1 << 63),
                    ("shoff-max", (1 << 64) - 1)):
        add(what, patch(40, "<Q", v),
            err("section header table at offset %d is past the end of the file "
                "(%d bytes)" % (v, size)))
    add("shentsize-40", patch(58, "<H", 40),
        err("section header size is 40, expected 64"))
    add("shentsize-0", patch(58, "<H", 0),
        err("section header size is 0, expected 64"))
    for what, n in (("shnum-plus-1", elf.shnum + 1), ("shnum-max", 0xfeff)):
        if elf.shoff + n * SHDR64 <= size:
            # the table fits: the extra entry is signature bytes
            (junk,) = struct.unpack_from("<I", data, elf.shoff + elf.shnum * SHDR64)
            if junk < elf.names_size:
                continue
            text = err("section %d has a name outside the section name table"
                       % elf.shnum)
        else:
            text = err("section header table (offset %d, %d entries) ends past "
                       "the end of the file (%d bytes)" % (elf.shoff, n, size))
        add(what, patch(60, "<H", n), text)
    # no count: section 0 holds it, and it says 0
    add("shnum-0", patch(60, "<H", 0),
        err("section name table index %d is not one of the 0 sections"
            % elf.shstrndx))
    for what, v in (("shstrndx-0", 0), ("shstrndx-shnum", elf.shnum)):
        add(what, patch(62, "<H", v),
            err("section name table index %d is not one of the %d sections"
                % (v, elf.shnum)))

    # Each kernel section's header: past the end, name outside the names.
    for sh in elf.shdrs:
        name = sh["name_str"]
        if name not in KERNEL_SECTIONS and sh["index"] != elf.shstrndx:
            continue
        tag = name.strip(".").replace(".", "-") or "null"
        i = sh["index"]
        if sh["type"] != SHT_NOBITS:
            for what, field, v in (("size-eof", "size", size),
                                   ("size-max", "size", (1 << 64) - 1),
                                   ("offset-eof", "offset", size + 1),
                                   ("offset-max", "offset", (1 << 64) - 1)):
                off = v if field == "offset" else sh["offset"]
                sz = v if field == "size" else sh["size"]
                if field == "size" and sh["offset"] + v <= size:
                    continue
                add("%s-%s" % (tag, what), elf.with_shdr(i, field, v),
                    past_end_error(elf, sh, off, sz, size))
        if i != elf.shstrndx:
            add("%s-name-outside" % tag,
                elf.with_shdr(i, "name", elf.names_size),
                err("section %d has a name outside the section name table" % i))

    # The section name table's contents.
    names = elf.shdrs[elf.shstrndx]
    b = bytearray(data)
    b[names["offset"] + names["size"] - 1] = ord("x")
    add("shstrtab-unterminated", bytes(b),
        err("section name table is not a NUL-terminated string table"))
    add("shstrtab-progbits", elf.with_shdr(elf.shstrndx, "type", SHT_PROGBITS),
        err("section name table is not a NUL-terminated string table"))

    # The symbol table and its strings.
    symtab = elf.section(".symtab")
    strtab = elf.shdrs[symtab["link"]]
    si = symtab["index"]
    add("symtab-link-missing", elf.with_shdr(si, "link", elf.shnum),
        err("symbol table '.symtab' links to section %d, which does not exist"
            % elf.shnum))
    text = elf.section(".text")["index"]
    add("symtab-link-text", elf.with_shdr(si, "link", text),
        err("symbol table '.symtab' links to section %d, which is not a "
            "NUL-terminated string table" % text))
    add("symtab-link-0", elf.with_shdr(si, "link", 0),
        err("symbol table '.symtab' links to section 0, which does not exist"))
    add("symtab-entsize-16", elf.with_shdr(si, "entsize", 16),
        err("symbol table '.symtab' has entries of 16 bytes, expected 24"))
    add("symtab-size-odd", elf.with_shdr(si, "size", symtab["size"] - 1),
        err("symbol table '.symtab' is %d bytes, not a multiple of 24"
            % (symtab["size"] - 1)))
    b = bytearray(data)
    b[strtab["offset"] + strtab["size"] - 1] = ord("x")
    add("strtab-unterminated", bytes(b),
        err("symbol table '.symtab' links to section %d, which is not a "
            "NUL-terminated string table" % strtab["index"]))
    # symbol names are read only when there are exports to find
    if elf.section("__ksymtab") or elf.section("__ksymtab_gpl"):
        b = bytearray(data)
        struct.pack_into("<I", b, symtab["offset"] + SYM64, strtab["size"])
        add("symbol-name-outside", bytes(b),
            err("symbol 1 has a name outside the string table"))

    # __versions: entry count, NUL termination.
    ver = elf.section("__versions")
    if ver is not None and ver["size"] >= 128:
        vi = ver["index"]
        for v in (ver["size"] - 6, 70, 1):
            add("versions-size-%d" % v, elf.with_shdr(vi, "size", v),
                err("section '__versions' is %d bytes, not a multiple of 64" % v))
        b = bytearray(data)
        b[ver["offset"] + 64 + 8:ver["offset"] + 128] = b"A" * 56
        add("versions-unterminated", bytes(b),
            err("entry 1 of '__versions' has no NUL-terminated name"))
        b = bytearray(data)
        b[ver["offset"] + 8] = 0
        add("versions-empty-name", bytes(b),
            err("entry 0 of '__versions' has an empty name"))

    # CRC sections shorter than the __crc_ labels that point into them.
    syms = elf.symbols()
    for crcname in ("__kcrctab", "__kcrctab_gpl"):
        crc = elf.section(crcname)
        if crc is None:
            continue
        labels = [s for s in syms if s["shndx"] == crc["index"]
                  and s["name"].startswith("__crc_")]
        for v in sorted({crc["size"] - 4, crc["size"] - 1, 0}):
            first = next(s for s in labels if s["value"] + 4 > v)
            add("%s-size-%d" % (crcname.strip("_"), v),
                elf.with_shdr(crc["index"], "size", v),
                err("symbol '%s' points past the end of section '%s'"
                    % (first["name"], crcname)))
        # a label moved out of the CRC section
        b = bytearray(data)
        struct.pack_into("<H", b, symtab["offset"] + labels[0]["index"] * SYM64
                         + 6, text)
        add("%s-label-in-text" % crcname.strip("_"), bytes(b),
            err("symbol '%s' is neither absolute nor in a CRC section"
                % labels[0]["name"]))

    # Namespace strings cut short inside __ksymtab_strings.
    strs = elf.section("__ksymtab_strings")
    nslabels = [s for s in syms if s["shndx"] == (strs or {}).get("index")
                and s["name"].startswith("__kstrtabns_")]
    if nslabels:
        low = min(s["value"] for s in nslabels)
        # at the first namespace string, and inside it when it has text
        for cut in sorted({low, low + 2}):
            first = next((s for s in nslabels
                          if s["value"] >= cut or
                          b"\0" not in data[strs["offset"] + s["value"]:
                                            strs["offset"] + cut]), None)
            if first is None or cut > strs["size"]:
                continue
            add("ksymtab-strings-cut-%d" % cut,
                elf.with_shdr(strs["index"], "size", cut),
                err("namespace of '%s' is not a string in '__ksymtab_strings'"
                    % first["name"][len("__kstrtabns_"):]))

    # A kernel section twice: another section takes its name.
    if ver is not None:
        other = elf.section(".data") or elf.section(".rodata")
        add("versions-twice", elf.with_shdr(other["index"], "name", ver["name"]),
            err("section '__versions' appears twice"))

    # Not ELF at all behind a module name, plain and compressed.
    if stem == "crc7":
        add("text", b"0x12345678\tfoo\tvmlinux\tEXPORT_SYMBOL\t\n",
            err("not an ELF object"))


def symvers_rows(tab, path):
    lines = open(path, "rb").read().split(b"\n")
    assert lines[-1] == b""
    lines = lines[:-1]
    stem = os.path.basename(path)[:-len(".symvers")]

    def add(what, new_lines, text, ending=b"\n"):
        data = b"".join(l + ending for l in new_lines)
        tab.add("%s-%s.symvers" % (stem, what), data, 1,
                "ksym: error: '@' " + text)

    k = len(lines) // 2
    fields = lines[k].split(b"\t")
    sym = fields[1].decode()

    def at(new):
        out = list(lines)
        out[k] = new
        return out

    add("three-fields", at(b"\t".join(fields[:3])),
        "line %d: 3 fields, expected crc, symbol, module and export type" % (k + 1))
    add("one-field", at(fields[0]),
        "line %d: 1 fields, expected crc, symbol, module and export type" % (k + 1))
    add("six-fields", at(b"\t".join(fields[:4] + [b"", b"extra"])),
        "line %d: more than 5 fields" % (k + 1))
    for what, crc in (("crc-not-hex", b"0xzz12ab34"), ("crc-no-prefix", b"12ab34cd"),
                      ("crc-33-bits", b"0x1ffffffff"), ("crc-empty", b"0x"),
                      ("crc-minus", b"-0x1")):
        add(what, at(b"\t".join([crc] + fields[1:])),
            "line %d: CRC '%s' is not a 32-bit hex number" % (k + 1, crc.decode()))
    add("empty-symbol", at(b"\t".join(fields[:1] + [b""] + fields[2:])),
        "line %d: empty symbol name" % (k + 1))
    add("export-type-bad", at(b"\t".join(fields[:3] + [b"SYMBOL_GPL"] + fields[4:])),
        "line %d: unknown export type 'SYMBOL_GPL'" % (k + 1))
    add("overlong-line", at(b"\t".join(fields[:1] + [b"s" * 5000] + fields[2:])),
        "line %d: longer than 4096 bytes" % (k + 1))
    add("nul-byte", at(lines[k].replace(b"\t", b"\0", 1)),
        "line %d: contains a NUL byte" % (k + 1))
    add("crlf", lines, "line 1: CRLF line ending", ending=b"\r\n")
    add("crlf-one-line", at(lines[k] + b"\r"), "line %d: CRLF line ending" % (k + 1))
    # cut in the middle of the last line: it has two fields left
    data = b"".join(l + b"\n" for l in lines)
    last = data.rindex(b"\n", 0, len(data) - 1) + 1
    cut = data.index(b"\t", last) + 3
    tab.add("%s-cut-last-line.symvers" % stem, data[:cut], 1,
            "ksym: error: '@' line %d: 2 fields, expected crc, symbol, module "
            "and export type" % len(lines))
    del sym


def compressed_rows(tab, path):
    data = open(path, "rb").read()
    base = os.path.basename(path)
    fmt = {".gz": "gzip", ".xz": "xz", ".zst": "zstd"}[os.path.splitext(base)[1]]
    stem, ext = os.path.splitext(base)
    is_module = stem.endswith(".ko")
    kind = ".ko" if is_module else ".symvers"
    stem = stem[:-len(kind)]
    header = {"gzip": 10, "xz": 12, "zstd": 6}[fmt]

    def name(what):
        return "%s-%s-%s%s%s" % (stem, fmt, what, kind, ext)

    def add(what, blob, text, match="exact"):
        tab.add(name(what), blob, 1, "ksym: error: '@': " + text, match=match)

    for t in sorted({2 if fmt == "gzip" else 6, header, header + 1,
                     len(data) // 2, len(data) - 5, len(data) - 1}):
        add("cut-%d" % t, data[:t], "%s data is truncated" % fmt)
    b = bytearray(data)
    b[len(data) // 2] ^= 0x55
    add("flipped", bytes(b), "%s data is corrupt: " % fmt, match="prefix")
    add("trailing-garbage", data + b"garbage!" * 4, "%s data is corrupt: " % fmt,
        match="prefix")
    if is_module:
        # the bound is an inclusive maximum: the plain seed's size passes
        plain = os.path.join(os.path.dirname(path), "..", "elf", stem + ".ko")
        inflated = os.path.getsize(plain)
        tab.add(name("bound-exact"), data, 0, "", env="KSYM_MAX_INFLATE=%d" % inflated)
        tab.add(name("bound-under"), data, 1,
                "ksym: error: '@': %s data inflates past %d bytes"
                % (fmt, inflated - 1), env="KSYM_MAX_INFLATE=%d" % (inflated - 1))
        tab.add(name("bound-4096"), data, 1,
                "ksym: error: '@': %s data inflates past 4096 bytes" % fmt,
                env="KSYM_MAX_INFLATE=4096")


def main():
    outdir = sys.argv[1]
    groups = [[]]
    for a in sys.argv[2:]:
        if a == "--":
            groups.append([])
        else:
            groups[-1].append(a)
    modules, symvers, compressed = (groups + [[], [], []])[:3]
    tab = Table(outdir)
    for m in modules:
        module_rows(tab, m)
    for s in symvers:
        symvers_rows(tab, s)
    for c in compressed:
        compressed_rows(tab, c)
    tab.write()
    print(len(tab.rows))


if __name__ == "__main__":
    main()
