//! A Gin project handed over in one piece — a `.zip`, a `.tar.gz`/`.tgz` (or plain
//! `.tar`), or Go files pasted as text — unpacked into the project's files.
//!
//! It promises what [`crate::goproject::Intake`] promises of a folder on disk:
//! folders the reader skips are never decompressed, a file over the one-file limit is
//! left out with a note, and a project over the file or byte limit stops the
//! unpacking with the intake's message. Sizes are the bytes really read, never a
//! header's word for them, and no entry is read past its limit, so a zip bomb costs
//! at most the limits. Entry names are paths inside the project only: `..`, an
//! absolute path or a drive letter makes an entry skipped with a note, never a file
//! elsewhere (nothing is written anywhere, but a name like that is no project
//! path). Text that is not UTF-8 is read lossily, as the command does.
//!
//! The work comes in steps ([`Unpacker::step`]) so the worker can answer between
//! them and the page's fallback never runs a long task. Pure: no DOM, tested
//! natively; the page's module never links it (only the worker's `work::Job` does).

use std::io::{Cursor, Read};

use flate2::read::GzDecoder;
use thiserror::Error;
use zip::ZipArchive;

use crate::goproject::{wanted, Intake, SourceFile};

/// The largest archive read, compressed: a project archive bigger than this holds
/// far more than its Go sources (dependencies, build output).
pub const MAX_ARCHIVE_BYTES: u64 = 64 << 20;

/// The most bytes a `.tar.gz` may unpack to, skipped entries included: they must be
/// decompressed to be stepped over, so they are bounded too.
pub const MAX_UNPACKED_BYTES: u64 = 512 << 20;

/// About how many bytes one [`Unpacker::step`] decompresses.
const STEP_BYTES: u64 = 2 << 20;

/// The most entries one [`Unpacker::step`] looks at.
const STEP_ENTRIES: usize = 500;

/// Why an archive could not be unpacked; the project's files so far are dropped.
#[derive(Debug, Error, PartialEq, Eq)]
pub enum UnpackError {
    /// The name says neither zip nor tar, and neither do the first bytes.
    #[error("{name} is not a .zip, .tar.gz or .tgz archive")]
    NotAnArchive { name: String },
    /// The archive is over [`MAX_ARCHIVE_BYTES`].
    #[error("{name} is {size} bytes, over the {} MiB an archive may be: archive the service's own folder without its dependencies", MAX_ARCHIVE_BYTES >> 20)]
    TooBig { name: String, size: u64 },
    /// The archive's structure is broken (a bad header, a truncated entry).
    #[error("{name} cannot be read: {why}")]
    Damaged { name: String, why: String },
    /// The project in it is over the intake's limits.
    #[error("{0}")]
    OverLimits(String),
}

/// What one step did.
#[derive(Debug, PartialEq, Eq)]
pub enum Progress {
    /// More entries remain.
    More,
    /// Every entry has been seen.
    Done,
}

/// An archive being unpacked.
pub struct Unpacker {
    name: String,
    format: Format,
}

enum Format {
    Zip {
        archive: Box<ZipArchive<Cursor<Vec<u8>>>>,
        next: usize,
    },
    Tar(Box<Tar<Box<dyn Read>>>),
}

impl Unpacker {
    /// Opens an archive by its name (`.zip`, `.tar.gz`, `.tgz`, `.tar`), or by its
    /// first bytes when the name says nothing.
    pub fn open(name: &str, bytes: Vec<u8>) -> Result<Unpacker, UnpackError> {
        let size = bytes.len() as u64;
        if size > MAX_ARCHIVE_BYTES {
            return Err(UnpackError::TooBig {
                name: name.to_owned(),
                size,
            });
        }
        let lower = name.to_ascii_lowercase();
        let damaged = |why: String| UnpackError::Damaged {
            name: name.to_owned(),
            why,
        };
        let format = if lower.ends_with(".zip") || bytes.starts_with(b"PK\x03\x04") {
            let archive =
                ZipArchive::new(Cursor::new(bytes)).map_err(|e| damaged(e.to_string()))?;
            Format::Zip {
                archive: Box::new(archive),
                next: 0,
            }
        } else if lower.ends_with(".tar.gz")
            || lower.ends_with(".tgz")
            || bytes.starts_with(&[0x1f, 0x8b])
        {
            let stream: Box<dyn Read> = Box::new(GzDecoder::new(Cursor::new(bytes)));
            Format::Tar(Box::new(Tar::new(stream)))
        } else if lower.ends_with(".tar") || bytes.get(257..262) == Some(b"ustar") {
            let stream: Box<dyn Read> = Box::new(Cursor::new(bytes));
            Format::Tar(Box::new(Tar::new(stream)))
        } else {
            return Err(UnpackError::NotAnArchive {
                name: name.to_owned(),
            });
        };
        Ok(Unpacker {
            name: name.to_owned(),
            format,
        })
    }

    /// Reads the next entries, adding the project's files to `files` and what was
    /// left out to `intake.skipped`.
    pub fn step(
        &mut self,
        intake: &mut Intake,
        files: &mut Vec<SourceFile>,
    ) -> Result<Progress, UnpackError> {
        let damaged = |why: String| UnpackError::Damaged {
            name: self.name.clone(),
            why,
        };
        match &mut self.format {
            Format::Zip { archive, next } => {
                let mut read = 0u64;
                let end = archive.len().min(*next + STEP_ENTRIES);
                while *next < end && read < STEP_BYTES {
                    let index = *next;
                    *next += 1;
                    let Some(Ok(raw)) = archive.name_for_index(index) else {
                        continue;
                    };
                    let raw = raw.into_owned();
                    let Some(path) = entry_path(&raw, intake) else {
                        continue;
                    };
                    let mut entry = archive
                        .by_index(index)
                        .map_err(|e| damaged(format!("{raw}: {e}")))?;
                    if !entry.is_file() {
                        continue;
                    }
                    let declared = entry.size();
                    if !intake
                        .admit(&path, declared)
                        .map_err(UnpackError::OverLimits)?
                    {
                        continue;
                    }
                    let mut bytes = Vec::new();
                    (&mut entry)
                        .take(declared + 1)
                        .read_to_end(&mut bytes)
                        .map_err(|e| damaged(format!("{raw}: {e}")))?;
                    if bytes.len() as u64 != declared {
                        return Err(damaged(format!(
                            "{raw} does not hold the {declared} bytes its header says"
                        )));
                    }
                    read += declared;
                    files.push(source(path, &bytes));
                }
                Ok(if *next >= archive.len() {
                    Progress::Done
                } else {
                    Progress::More
                })
            }
            Format::Tar(tar) => tar.step(intake, files).map_err(|e| match e {
                TarError::Damaged(why) => damaged(why),
                TarError::OverLimits(message) => UnpackError::OverLimits(message),
            }),
        }
    }

    /// Unpacks the whole archive at once (the command and tests).
    pub fn unpack_all(
        name: &str,
        bytes: Vec<u8>,
        intake: &mut Intake,
    ) -> Result<Vec<SourceFile>, UnpackError> {
        let mut unpacker = Unpacker::open(name, bytes)?;
        let mut files = Vec::new();
        while unpacker.step(intake, &mut files)? == Progress::More {}
        Ok(files)
    }
}

/// The project path of an archive entry, when the reader wants it; an entry whose
/// name leaves the project is noted in `intake.skipped`.
fn entry_path(raw: &str, intake: &mut Intake) -> Option<String> {
    let path = match project_path(raw) {
        Some(path) => path,
        None => {
            if raw.ends_with(".go") || raw.ends_with("go.mod") {
                intake
                    .skipped
                    .push(format!("{raw}: the name leaves the project's folder"));
            }
            return None;
        }
    };
    wanted(&path).then_some(path)
}

/// An entry name as a path inside the project: `/`-separated, no `.` parts, and
/// `None` for a name with `..`, a leading `/`, a drive letter or a NUL.
pub fn project_path(raw: &str) -> Option<String> {
    let name = raw.replace('\\', "/");
    if name.starts_with('/') || name.contains('\0') || name.get(1..2) == Some(":") {
        return None;
    }
    let parts: Vec<&str> = name
        .split('/')
        .filter(|p| !p.is_empty() && *p != ".")
        .collect();
    if parts.is_empty() || parts.contains(&"..") {
        return None;
    }
    Some(parts.join("/"))
}

fn source(path: String, bytes: &[u8]) -> SourceFile {
    SourceFile {
        path,
        // Go sources are UTF-8; a stray byte must not stop the reading.
        text: String::from_utf8_lossy(bytes).into_owned(),
    }
}

/// Go files pasted as text: one file (it is `main.go`), or several in the txtar form
/// Go's tools use (`-- path/file.go --` starts each file; text before the first is a
/// comment).
pub fn pasted(text: &str) -> Vec<SourceFile> {
    let marker = |line: &str| {
        let line = line.trim_end_matches('\r');
        line.strip_prefix("-- ")
            .and_then(|rest| rest.strip_suffix(" --"))
            .map(str::trim)
            .filter(|name| !name.is_empty())
            .map(str::to_owned)
    };
    if !text.lines().any(|line| marker(line).is_some()) {
        return vec![SourceFile {
            path: "main.go".to_owned(),
            text: text.to_owned(),
        }];
    }
    let mut files: Vec<SourceFile> = Vec::new();
    for line in text.split_inclusive('\n') {
        if let Some(name) = marker(line.trim_end_matches('\n')) {
            files.push(SourceFile {
                path: project_path(&name).unwrap_or(name),
                text: String::new(),
            });
        } else if let Some(file) = files.last_mut() {
            file.text.push_str(line);
        }
    }
    files
}

enum TarError {
    Damaged(String),
    OverLimits(String),
}

/// A tar stream read entry by entry: ustar and GNU headers, GNU long names (`L`)
/// and pax `path` records (`x`); global pax headers (`git archive` writes one),
/// links, devices and folders are stepped over.
struct Tar<R: Read> {
    stream: R,
    /// Bytes taken from the (decompressed) stream so far.
    taken: u64,
    /// The name the next entry has, from a GNU long name or a pax record.
    long_name: Option<String>,
    done: bool,
}

const BLOCK: usize = 512;

/// The longest GNU long name or pax header read: a path, not a file.
const LONG_NAME_BYTES: u64 = 64 << 10;

impl<R: Read> Tar<R> {
    fn new(stream: R) -> Tar<R> {
        Tar {
            stream,
            taken: 0,
            long_name: None,
            done: false,
        }
    }

    /// Fills `buf`; `Ok(false)` at a clean end of the stream (nothing read).
    fn fill(&mut self, buf: &mut [u8]) -> Result<bool, TarError> {
        let mut got = 0;
        while got < buf.len() {
            match self.stream.read(&mut buf[got..]) {
                Ok(0) if got == 0 => return Ok(false),
                Ok(0) => return Err(TarError::Damaged("the archive ends inside an entry".into())),
                Ok(n) => got += n,
                Err(e) if e.kind() == std::io::ErrorKind::Interrupted => {}
                Err(e) => return Err(TarError::Damaged(e.to_string())),
            }
        }
        self.taken += buf.len() as u64;
        if self.taken > MAX_UNPACKED_BYTES {
            return Err(TarError::OverLimits(format!(
                "the archive unpacks to more than {} MiB: archive the service's own folder without its dependencies",
                MAX_UNPACKED_BYTES >> 20
            )));
        }
        Ok(true)
    }

    /// An entry's data, padded to whole blocks; `keep` bytes of it are returned.
    fn data(&mut self, size: u64, keep: bool) -> Result<Vec<u8>, TarError> {
        let padded = size.div_ceil(BLOCK as u64) * BLOCK as u64;
        let mut kept = Vec::new();
        let mut left = padded;
        let mut block = [0u8; 8 * BLOCK];
        while left > 0 {
            let n = left.min(block.len() as u64) as usize;
            if !self.fill(&mut block[..n])? {
                return Err(TarError::Damaged("the archive ends inside an entry".into()));
            }
            if keep {
                let want = (size as usize).saturating_sub(kept.len()).min(n);
                kept.extend_from_slice(&block[..want]);
            }
            left -= n as u64;
        }
        Ok(kept)
    }

    fn step(
        &mut self,
        intake: &mut Intake,
        files: &mut Vec<SourceFile>,
    ) -> Result<Progress, TarError> {
        let start = self.taken;
        let mut entries = 0;
        while !self.done && self.taken - start < STEP_BYTES && entries < STEP_ENTRIES {
            entries += 1;
            let mut header = [0u8; BLOCK];
            if !self.fill(&mut header)? || header.iter().all(|b| *b == 0) {
                // Two zero blocks end a tar; one, or the stream's end, is as good.
                self.done = true;
                break;
            }
            if !checksum_ok(&header) {
                return Err(TarError::Damaged(if self.taken == BLOCK as u64 {
                    "it is not a tar archive".into()
                } else {
                    format!("a damaged header at byte {}", self.taken - BLOCK as u64)
                }));
            }
            let size = octal(&header[124..136])
                .ok_or_else(|| TarError::Damaged("an entry's size is not a number".into()))?;
            let kind = header[156];
            let name = match self.long_name.take() {
                Some(name) => name,
                None => {
                    let name = text(&header[0..100]);
                    let prefix = if &header[257..262] == b"ustar" && header[262] == 0 {
                        text(&header[345..500])
                    } else {
                        String::new()
                    };
                    if prefix.is_empty() {
                        name
                    } else {
                        format!("{prefix}/{name}")
                    }
                }
            };
            match kind {
                // A GNU long name, or a pax header's `path`: the next entry's name.
                b'L' | b'x' => {
                    if size > LONG_NAME_BYTES {
                        return Err(TarError::Damaged(format!(
                            "a long-name header of {size} bytes"
                        )));
                    }
                    let data = self.data(size, true)?;
                    self.long_name = if kind == b'L' {
                        Some(text(&data))
                    } else {
                        pax_path(&data)
                    };
                }
                // A regular file (`0`, or NUL in old archives; `7` is contiguous).
                b'0' | 0 | b'7' => {
                    let path = entry_path(&name, intake);
                    let admitted = match &path {
                        Some(path) => intake.admit(path, size).map_err(TarError::OverLimits)?,
                        None => false,
                    };
                    let data = self.data(size, admitted)?;
                    if let (true, Some(path)) = (admitted, path) {
                        files.push(source(path, &data));
                    }
                }
                // Folders, links, devices, global pax headers: their data (if any) is
                // stepped over.
                _ => {
                    self.data(size, false)?;
                }
            }
        }
        Ok(if self.done {
            Progress::Done
        } else {
            Progress::More
        })
    }
}

/// Whether a header's checksum (the sum of its bytes, the checksum field counted as
/// spaces) matches the one it records.
fn checksum_ok(header: &[u8; BLOCK]) -> bool {
    let sum: u64 = header
        .iter()
        .enumerate()
        .map(|(i, b)| {
            if (148..156).contains(&i) {
                32
            } else {
                u64::from(*b)
            }
        })
        .sum();
    octal(&header[148..156]) == Some(sum)
}

/// A header's number: octal digits (space or NUL padded), or GNU's base-256 form for
/// sizes over 8 GiB (first byte 0x80).
fn octal(field: &[u8]) -> Option<u64> {
    if field.first().is_some_and(|b| b & 0x80 != 0) {
        return field[1..]
            .iter()
            .try_fold(0u64, |n, b| n.checked_mul(256)?.checked_add(u64::from(*b)));
    }
    let digits = std::str::from_utf8(field)
        .ok()?
        .trim_matches(|c: char| c == ' ' || c == '\0');
    if digits.is_empty() {
        return Some(0);
    }
    u64::from_str_radix(digits, 8).ok()
}

/// A NUL-terminated header field as text.
fn text(field: &[u8]) -> String {
    let end = field.iter().position(|b| *b == 0).unwrap_or(field.len());
    String::from_utf8_lossy(&field[..end]).into_owned()
}

/// The `path` record of a pax extended header (`<length> path=<value>\n` records).
fn pax_path(data: &[u8]) -> Option<String> {
    let mut rest = data;
    while !rest.is_empty() {
        let space = rest.iter().position(|b| *b == b' ')?;
        let length: usize = std::str::from_utf8(&rest[..space]).ok()?.parse().ok()?;
        if length <= space || length > rest.len() {
            return None;
        }
        let record = &rest[space + 1..length];
        let record = record.strip_suffix(b"\n").unwrap_or(record);
        if let Some(value) = record.strip_prefix(b"path=") {
            return Some(String::from_utf8_lossy(value).into_owned());
        }
        rest = &rest[length..];
    }
    None
}

#[cfg(test)]
mod tests {
    use std::io::Write;

    use super::*;
    use crate::goproject::{MAX_FILE_BYTES, MAX_TOTAL_BYTES};

    const MAIN: &str = "package main\n\nfunc main() {}\n";

    fn zip(entries: &[(&str, &[u8])]) -> Vec<u8> {
        let mut writer = zip::ZipWriter::new(Cursor::new(Vec::new()));
        let options = zip::write::SimpleFileOptions::default()
            .compression_method(zip::CompressionMethod::Deflated);
        for (name, bytes) in entries {
            writer.start_file(*name, options).unwrap();
            writer.write_all(bytes).unwrap();
        }
        writer.finish().unwrap().into_inner()
    }

    /// One tar header block with a correct checksum.
    fn header(name: &str, size: u64, kind: u8) -> [u8; BLOCK] {
        let mut h = [0u8; BLOCK];
        h[..name.len()].copy_from_slice(name.as_bytes());
        h[100..107].copy_from_slice(b"0000644");
        h[124..135].copy_from_slice(format!("{size:011o}").as_bytes());
        h[156] = kind;
        h[257..263].copy_from_slice(b"ustar\0");
        h[263..265].copy_from_slice(b"00");
        h[148..156].copy_from_slice(b"        ");
        let sum: u64 = h.iter().map(|b| u64::from(*b)).sum();
        h[148..155].copy_from_slice(format!("{sum:06o}\0").as_bytes());
        h
    }

    fn tar_entry(out: &mut Vec<u8>, name: &str, kind: u8, data: &[u8]) {
        out.extend_from_slice(&header(name, data.len() as u64, kind));
        out.extend_from_slice(data);
        out.resize(out.len().div_ceil(BLOCK) * BLOCK, 0);
    }

    fn tar(entries: &[(&str, &[u8])]) -> Vec<u8> {
        let mut out = Vec::new();
        for (name, data) in entries {
            if name.len() > 100 {
                tar_entry(&mut out, "././@LongLink", b'L', name.as_bytes());
                tar_entry(&mut out, &name[..100], b'0', data);
            } else {
                tar_entry(&mut out, name, b'0', data);
            }
        }
        out.extend_from_slice(&[0u8; 2 * BLOCK]);
        out
    }

    fn gzip(bytes: &[u8]) -> Vec<u8> {
        let mut encoder = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::default());
        encoder.write_all(bytes).unwrap();
        encoder.finish().unwrap()
    }

    fn paths(files: &[SourceFile]) -> Vec<&str> {
        files.iter().map(|f| f.path.as_str()).collect()
    }

    #[test]
    fn a_zip_gives_the_wanted_files_and_never_opens_skipped_folders() {
        let bytes = zip(&[
            ("shop/go.mod", b"module example.com/shop\n\ngo 1.22\n"),
            ("shop/main.go", MAIN.as_bytes()),
            ("shop/main_test.go", b"package main\n"),
            ("shop/README.md", b"# shop\n"),
            ("shop/vendor/github.com/x/y.go", b"package y\n"),
            ("shop/internal/", b""),
        ]);
        let mut intake = Intake::default();
        let files = Unpacker::unpack_all("shop.zip", bytes, &mut intake).unwrap();
        assert_eq!(paths(&files), ["shop/go.mod", "shop/main.go"]);
        assert_eq!(files[1].text, MAIN);
        assert!(intake.skipped.is_empty(), "{:?}", intake.skipped);
    }

    #[test]
    fn a_tar_gz_reads_ustar_gnu_long_names_and_pax_paths() {
        let long = format!("shop/{}/handler.go", "deep".repeat(30));
        let mut raw = Vec::new();
        // `git archive` starts with a global pax header.
        tar_entry(
            &mut raw,
            "pax_global_header",
            b'g',
            b"52 comment=0123456789012345678901234567890123456789\n",
        );
        tar_entry(&mut raw, "shop/", b'5', b"");
        tar_entry(&mut raw, "shop/main.go", b'0', MAIN.as_bytes());
        tar_entry(&mut raw, "././@LongLink", b'L', long.as_bytes());
        tar_entry(&mut raw, &long[..100], b'0', b"package deep\n");
        tar_entry(
            &mut raw,
            "PaxHeaders/x",
            b'x',
            b"30 path=shop/api/pax_named.go\n",
        );
        tar_entry(&mut raw, "shop/api/short", b'0', b"package api\n");
        tar_entry(&mut raw, "shop/link.go", b'2', b"");
        raw.extend_from_slice(&[0u8; 2 * BLOCK]);
        let mut intake = Intake::default();
        let files = Unpacker::unpack_all("shop.tar.gz", gzip(&raw), &mut intake).unwrap();
        assert_eq!(
            paths(&files),
            ["shop/main.go", long.as_str(), "shop/api/pax_named.go"]
        );
        assert_eq!(files[2].text, "package api\n");
        // A plain tar reads too, by its name or its magic.
        let files = Unpacker::unpack_all(
            "project",
            tar(&[("a/main.go", MAIN.as_bytes())]),
            &mut intake,
        )
        .unwrap();
        assert_eq!(paths(&files), ["a/main.go"]);
    }

    #[test]
    fn names_that_leave_the_project_are_skipped_with_a_note() {
        let bytes = zip(&[
            ("../evil.go", b"package main\n"),
            ("/etc/abs.go", b"package main\n"),
            ("C:\\win\\drive.go", b"package main\n"),
            ("ok/./main.go", MAIN.as_bytes()),
            ("ok\\sub\\util.go", b"package sub\n"),
        ]);
        let mut intake = Intake::default();
        let files = Unpacker::unpack_all("p.zip", bytes, &mut intake).unwrap();
        assert_eq!(paths(&files), ["ok/main.go", "ok/sub/util.go"]);
        assert_eq!(intake.skipped.len(), 3, "{:?}", intake.skipped);
        assert!(intake.skipped[0].starts_with("../evil.go: the name leaves"));
        let mut intake = Intake::default();
        let files = Unpacker::unpack_all(
            "p.tgz",
            gzip(&tar(&[("../../x.go", b"package x\n")])),
            &mut intake,
        )
        .unwrap();
        assert!(files.is_empty());
        assert_eq!(
            intake.skipped,
            ["../../x.go: the name leaves the project's folder"]
        );
    }

    #[test]
    fn text_that_is_not_utf8_is_read_lossily() {
        let mut intake = Intake::default();
        let files = Unpacker::unpack_all(
            "p.zip",
            zip(&[("main.go", b"package main // \xff\xfe\n")]),
            &mut intake,
        )
        .unwrap();
        assert_eq!(files[0].text, "package main // \u{fffd}\u{fffd}\n");
    }

    #[test]
    fn a_zip_bomb_stops_at_the_limits() {
        // One file over the one-file limit is skipped without being inflated whole.
        let big = vec![b' '; (MAX_FILE_BYTES + 1) as usize];
        let mut intake = Intake::default();
        let files = Unpacker::unpack_all(
            "p.zip",
            zip(&[("big.go", &big), ("main.go", MAIN.as_bytes())]),
            &mut intake,
        )
        .unwrap();
        assert_eq!(paths(&files), ["main.go"]);
        assert!(
            intake.skipped[0].starts_with("big.go: 1048577 bytes, over"),
            "{:?}",
            intake.skipped
        );
        // Many files just under it go over the project's limit: the unpacking stops.
        let almost = vec![b' '; MAX_FILE_BYTES as usize];
        let names: Vec<String> = (0..=(MAX_TOTAL_BYTES / MAX_FILE_BYTES))
            .map(|i| format!("f{i}.go"))
            .collect();
        let entries: Vec<(&str, &[u8])> = names
            .iter()
            .map(|n| (n.as_str(), almost.as_slice()))
            .collect();
        let bomb = zip(&entries);
        assert!(bomb.len() < 1 << 20, "{} bytes", bomb.len());
        let error = Unpacker::unpack_all("bomb.zip", bomb, &mut Intake::default()).unwrap_err();
        assert_eq!(
            error,
            UnpackError::OverLimits(
                "the project's Go files are over 32 MiB: choose the service's own folder".into()
            )
        );
        // The same as a tar.gz.
        let bomb = gzip(&tar(&entries));
        let error = Unpacker::unpack_all("bomb.tgz", bomb, &mut Intake::default()).unwrap_err();
        assert!(matches!(error, UnpackError::OverLimits(_)), "{error:?}");
    }

    #[test]
    fn a_gzip_of_skipped_bulk_stops_at_the_unpacked_limit() {
        // node_modules is never kept, but it has to be inflated to be stepped over.
        let mut raw = Vec::new();
        raw.extend_from_slice(&header("p/node_modules/huge.bin", MAX_UNPACKED_BYTES, b'0'));
        let mut encoder = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::fast());
        encoder.write_all(&raw).unwrap();
        let zeros = vec![0u8; 1 << 20];
        for _ in 0..(MAX_UNPACKED_BYTES >> 20) + 1 {
            encoder.write_all(&zeros).unwrap();
        }
        let bytes = encoder.finish().unwrap();
        let error = Unpacker::unpack_all("p.tar.gz", bytes, &mut Intake::default()).unwrap_err();
        assert_eq!(error, UnpackError::OverLimits("the archive unpacks to more than 512 MiB: archive the service's own folder without its dependencies".into()));
    }

    #[test]
    fn a_header_that_lies_about_a_zip_entry_is_damage() {
        let mut bytes = zip(&[("main.go", MAIN.as_bytes())]);
        // The uncompressed size, in the local header (offset 22) and the central
        // directory (its offset 24), is said to be 5 bytes.
        let central = bytes.windows(4).position(|w| w == b"PK\x01\x02").unwrap();
        bytes[22..26].copy_from_slice(&5u32.to_le_bytes());
        bytes[central + 24..central + 28].copy_from_slice(&5u32.to_le_bytes());
        let error = Unpacker::unpack_all("p.zip", bytes, &mut Intake::default()).unwrap_err();
        assert!(
            matches!(&error, UnpackError::Damaged { name, .. } if name == "p.zip"),
            "{error:?}"
        );
    }

    #[test]
    fn what_is_no_archive_says_so() {
        let cases: [(&str, Vec<u8>, &str); 5] = [
            (
                "notes.txt",
                b"hello".to_vec(),
                "notes.txt is not a .zip, .tar.gz or .tgz archive",
            ),
            (
                "p.zip",
                b"PK\x03\x04 broken".to_vec(),
                "p.zip cannot be read: ",
            ),
            (
                "p.tar.gz",
                b"\x1f\x8b\x08\x00garbage".to_vec(),
                "p.tar.gz cannot be read: ",
            ),
            (
                "p.tgz",
                gzip(b"plain text, not a tar, long enough to fill a header block or not"),
                "p.tgz cannot be read: ",
            ),
            (
                "p.tar",
                vec![7u8; BLOCK],
                "p.tar cannot be read: it is not a tar archive",
            ),
        ];
        for (name, bytes, message) in cases {
            let error = Unpacker::unpack_all(name, bytes, &mut Intake::default()).unwrap_err();
            assert!(error.to_string().starts_with(message), "{name}: {error}");
        }
        let huge = vec![0u8; (MAX_ARCHIVE_BYTES + 1) as usize];
        let error = Unpacker::open("p.zip", huge).err().unwrap();
        assert!(matches!(error, UnpackError::TooBig { .. }));
        // A tar cut inside an entry.
        let mut cut = tar(&[("main.go", MAIN.as_bytes())]);
        cut.truncate(BLOCK + 10);
        let error = Unpacker::unpack_all("p.tar", cut, &mut Intake::default()).unwrap_err();
        assert_eq!(
            error.to_string(),
            "p.tar cannot be read: the archive ends inside an entry"
        );
    }

    #[test]
    fn large_archives_unpack_in_steps() {
        let names: Vec<String> = (0..1200).map(|i| format!("p/pkg{i}/f.go")).collect();
        let entries: Vec<(&str, &[u8])> = names
            .iter()
            .map(|n| (n.as_str(), b"package x\n".as_slice()))
            .collect();
        for (name, bytes) in [("p.zip", zip(&entries)), ("p.tgz", gzip(&tar(&entries)))] {
            let mut unpacker = Unpacker::open(name, bytes).unwrap();
            let (mut intake, mut files, mut steps) = (Intake::default(), Vec::new(), 1);
            while unpacker.step(&mut intake, &mut files).unwrap() == Progress::More {
                steps += 1;
            }
            assert_eq!(files.len(), 1200, "{name}");
            assert!(steps >= 3, "{name}: {steps} steps");
        }
    }

    #[test]
    fn pasted_text_is_main_go_or_txtar() {
        assert_eq!(
            pasted(MAIN),
            [SourceFile {
                path: "main.go".into(),
                text: MAIN.into()
            }]
        );
        let files = pasted("a comment\n-- go.mod --\nmodule x\n-- cmd/api/main.go --\npackage main\r\n-- ../up.go --\npackage up\n");
        assert_eq!(paths(&files), ["go.mod", "cmd/api/main.go", "../up.go"]);
        assert_eq!(files[1].text, "package main\r\n");
        assert_eq!(project_path("./a//b/./c.go").as_deref(), Some("a/b/c.go"));
    }
}
