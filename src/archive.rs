//! Packs generated files into a zip archive in memory, for the bundle download.
//! Every entry sits in one top-level folder (the service's name), so unzipping the
//! bundle makes one folder instead of scattering files into the current one.
//!
//! Entries carry the zip epoch (1980-01-01) as their timestamp, so the same design
//! always yields the same bytes.

use std::io::{Cursor, Write};

use thiserror::Error;
use zip::write::SimpleFileOptions;
use zip::{CompressionMethod, ZipWriter};

use crate::bundle::GeneratedFile;

/// Why an archive could not be written.
#[derive(Debug, Error)]
pub enum ArchiveError {
    /// The zip writer refused an entry (for example a duplicate path).
    #[error("could not add {path} to the archive: {source}")]
    Entry {
        path: String,
        source: zip::result::ZipError,
    },
    /// Writing an entry's bytes into memory failed.
    #[error("could not write {path} into the archive: {source}")]
    Write {
        path: String,
        source: std::io::Error,
    },
    /// The central directory could not be written.
    #[error("could not finish the archive: {0}")]
    Finish(zip::result::ZipError),
}

/// A deflated zip holding each file at `folder/` + its bundle path, readable by
/// everyone (0644).
pub fn zip(folder: &str, files: &[GeneratedFile]) -> Result<Vec<u8>, ArchiveError> {
    let mut archive = ZipBuilder::new(folder);
    for file in files {
        archive.add(file)?;
    }
    archive.finish()
}

/// An archive written one file at a time, so that a caller can report progress and
/// let the page breathe between files; [`zip`] is the all-at-once form.
pub struct ZipBuilder {
    writer: ZipWriter<Cursor<Vec<u8>>>,
    options: SimpleFileOptions,
    folder: String,
}

impl ZipBuilder {
    /// An empty archive whose entries go into the top-level `folder`.
    pub fn new(folder: &str) -> Self {
        ZipBuilder {
            folder: folder.to_owned(),
            writer: ZipWriter::new(Cursor::new(Vec::new())),
            options: SimpleFileOptions::default()
                .compression_method(CompressionMethod::Deflated)
                .unix_permissions(0o644),
        }
    }

    /// Deflates `file` into the archive at its bundle path inside the folder.
    pub fn add(&mut self, file: &GeneratedFile) -> Result<(), ArchiveError> {
        self.writer
            .start_file(format!("{}/{}", self.folder, file.path), self.options)
            .map_err(|source| ArchiveError::Entry {
                path: file.path.clone(),
                source,
            })?;
        self.writer
            .write_all(file.contents.as_bytes())
            .map_err(|source| ArchiveError::Write {
                path: file.path.clone(),
                source,
            })
    }

    /// Writes the central directory and returns the archive's bytes.
    pub fn finish(self) -> Result<Vec<u8>, ArchiveError> {
        let cursor = self.writer.finish().map_err(ArchiveError::Finish)?;
        Ok(cursor.into_inner())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::bundle::render;
    use crate::model::Design;
    use std::io::Read;

    #[test]
    fn archive_holds_every_file_byte_for_byte_in_one_folder() {
        let files = render(&Design::default());
        let bytes = zip("hello-gin", &files).unwrap();
        let mut archive = zip::ZipArchive::new(Cursor::new(bytes)).unwrap();
        assert_eq!(archive.len(), files.len());
        let names: Vec<String> = archive
            .file_names()
            .map(|name| name.unwrap().into_owned())
            .collect();
        assert!(
            names.iter().all(|name| name.starts_with("hello-gin/")),
            "one top-level folder: {names:?}"
        );
        for file in &files {
            let mut entry = archive
                .by_name(&format!("hello-gin/{}", file.path))
                .unwrap();
            let mut text = String::new();
            entry.read_to_string(&mut text).unwrap();
            assert_eq!(text, file.contents, "{}", file.path);
            assert_eq!(entry.unix_mode().map(|m| m & 0o777), Some(0o644));
        }
    }

    #[test]
    fn same_files_give_same_bytes() {
        let files = render(&Design::default());
        assert_eq!(zip("a", &files).unwrap(), zip("a", &files).unwrap());
    }

    #[test]
    fn duplicate_paths_are_an_error_not_a_panic() {
        let file = GeneratedFile {
            path: "Dockerfile".into(),
            contents: String::new(),
        };
        let err = zip("app", &[file.clone(), file]).unwrap_err();
        assert!(
            err.to_string().starts_with("could not add Dockerfile"),
            "{err}"
        );
    }
}
