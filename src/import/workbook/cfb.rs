//! Compound documents (MS-CFB, "OLE2"): an xls, an encrypted xlsx/xlsb, or another
//! Office file; and the workbook stream an xls holds, found as calamine will find it.
//!
//! calamine follows a compound file's sector chains without bounds, so a cyclic chain
//! makes it loop until memory runs out; [`Cfb`] reads the file the same way with every
//! chain bounded by the file's sector count. The workbook stream it finds is then
//! measured by [`super::biff`].

use std::collections::HashMap;

use crate::import::ImportErrorKind;
use crate::model::SheetShape;

use super::{biff, Format};

pub(super) const CFB_SIGNATURE: &[u8] = b"\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1";
const RESERVED_SECTORS: u32 = 0xFFFF_FFFA;
const DIFSECT: u32 = 0xFFFF_FFFC;
pub(super) const ENDOFCHAIN: u32 = 0xFFFF_FFFE;

/// Tells an xls from an encrypted xlsx/xlsb or another Office document, and checks
/// that calamine's xls reader stays within bounds on it; with the rows each sheet
/// hides, by sheet name.
pub(super) fn inspect(
    bytes: &[u8],
) -> Result<(Format, HashMap<String, SheetShape>), ImportErrorKind> {
    let cfb = Cfb::parse(bytes).map_err(ImportErrorKind::Corrupt)?;
    if cfb.has("EncryptedPackage") || cfb.has("EncryptionInfo") {
        return Err(ImportErrorKind::PasswordProtected);
    }
    if !cfb.has("Workbook") && !cfb.has("Book") {
        return Err(ImportErrorKind::NotATable(
            "a compound document without a workbook stream (a Word or other Office file?)"
                .to_owned(),
        ));
    }
    // calamine falls back to "Book" (BIFF5) whenever "Workbook" fails.
    let stream = match cfb.stream("Workbook") {
        Ok(stream) => stream,
        Err(first) => cfb.stream("Book").map_err(|second| {
            ImportErrorKind::Corrupt(if cfb.has("Workbook") { first } else { second })
        })?,
    };
    let shapes = biff::check_size(&stream)?;
    let code_page = biff::code_page(&stream)?;
    Ok((Format::Xls { code_page }, shapes))
}

/// A compound file (MS-CFB) read the way calamine 0.38's `cfb.rs` reads it, so that
/// the workbook stream seen here is the one calamine will parse; but every sector
/// chain is bounded by the file's sector count, where calamine would follow a cyclic
/// chain until memory runs out.
struct Cfb<'a> {
    /// The sectors after the header.
    body: &'a [u8],
    sector_size: usize,
    max_id: u32,
    fats: Vec<u32>,
    mini_fats: Vec<u32>,
    mini_stream: Vec<u8>,
    directories: Vec<CfbEntry>,
}

struct CfbEntry {
    name: String,
    start: u32,
    len: u64,
}

pub(super) fn le_u16(b: &[u8], at: usize) -> u16 {
    b.get(at..at + 2)
        .map_or(0, |s| u16::from_le_bytes([s[0], s[1]]))
}

pub(super) fn le_u32(b: &[u8], at: usize) -> u32 {
    b.get(at..at + 4)
        .map_or(0, |s| u32::from_le_bytes([s[0], s[1], s[2], s[3]]))
}

fn le_u64(b: &[u8], at: usize) -> u64 {
    u64::from(le_u32(b, at)) | u64::from(le_u32(b, at + 4)) << 32
}

fn u32s(b: &[u8]) -> impl Iterator<Item = u32> + '_ {
    b.chunks_exact(4)
        .map(|c| u32::from_le_bytes([c[0], c[1], c[2], c[3]]))
}

impl<'a> Cfb<'a> {
    fn parse(bytes: &'a [u8]) -> Result<Self, String> {
        if bytes.len() < 512 || !bytes.starts_with(CFB_SIGNATURE) {
            return Err("invalid compound document header".to_owned());
        }
        let header = &bytes[..512];
        let version = le_u16(header, 26);
        let sector_size = match le_u16(header, 30) {
            0x0009 => 512,
            0x000C => 4096,
            s => return Err(format!("invalid sector shift {s:#x}")),
        };
        if le_u16(header, 32) != 0x0006 {
            return Err("invalid mini sector shift".to_owned());
        }
        // calamine reads the sectors as a stream after a header of one sector.
        let body = bytes
            .get(sector_size..)
            .ok_or("the file ends inside its header")?;
        let max_id = u32::try_from(bytes.len() / sector_size).unwrap_or(u32::MAX);
        let mut cfb = Cfb {
            body,
            sector_size,
            max_id,
            fats: Vec::new(),
            mini_fats: Vec::new(),
            mini_stream: Vec::new(),
            directories: Vec::new(),
        };
        let dir_start = le_u32(header, 48);
        let mini_fat_start = le_u32(header, 60);
        let mini_fat_len = le_u32(header, 64) as usize;
        let mut difat: Vec<u32> = u32s(&header[76..512]).collect();
        let mut id = le_u32(header, 68);
        let mut steps = 0u64;
        while id < RESERVED_SECTORS {
            steps += 1;
            if steps > u64::from(max_id) + 1 {
                return Err("the sector allocation table chain loops".to_owned());
            }
            difat.extend(u32s(cfb.sector(id)?));
            id = difat.pop().ok_or("empty sector allocation table")?;
        }
        let fat_sectors: Vec<u32> = difat.into_iter().filter(|id| *id < DIFSECT).collect();
        if fat_sectors.len() as u64 > u64::from(max_id) + 1 {
            return Err("more allocation table sectors than the file holds".to_owned());
        }
        let mut fats = Vec::new();
        for id in fat_sectors {
            fats.extend(u32s(cfb.sector(id)?));
        }
        cfb.fats = fats;
        let dirs = cfb.chain(dir_start, usize::MAX)?;
        cfb.directories = dirs
            .chunks_exact(128)
            .map(|d| {
                let (name, _, _) = encoding_rs::UTF_16LE.decode(&d[..64]);
                let name = name.split('\0').next().unwrap_or_default().to_owned();
                let len = if sector_size == 512 {
                    u64::from(le_u32(d, 120))
                } else {
                    le_u64(d, 120)
                };
                CfbEntry {
                    name,
                    start: le_u32(d, 116),
                    len,
                }
            })
            .collect();
        let Some(root) = cfb.directories.first() else {
            return Err("empty root directory".to_owned());
        };
        if version != 3 && root.start == ENDOFCHAIN {
            return Err("empty root directory".to_owned());
        }
        if mini_fat_len > 0 {
            let (start, len) = (root.start, root.len);
            cfb.mini_stream = cfb.chain(start, usize::try_from(len).unwrap_or(usize::MAX))?;
            let mini_fat = cfb.chain(mini_fat_start, mini_fat_len.saturating_mul(sector_size))?;
            cfb.mini_fats = u32s(&mini_fat).collect();
        }
        Ok(cfb)
    }

    fn sector(&self, id: u32) -> Result<&'a [u8], String> {
        let start = (id as usize).saturating_mul(self.sector_size);
        if id > self.max_id || start > self.body.len() {
            return Err(format!("sector {id} points past the end of the file"));
        }
        Ok(&self.body[start..(start + self.sector_size).min(self.body.len())])
    }

    /// A chain of sectors, up to `len` bytes; an error where calamine would loop.
    fn chain(&self, start: u32, len: usize) -> Result<Vec<u8>, String> {
        let mut out = Vec::new();
        let mut id = start;
        let mut steps = 0u64;
        while id != ENDOFCHAIN {
            steps += 1;
            if steps > u64::from(self.max_id) + 1 {
                return Err("a sector chain loops".to_owned());
            }
            let sector = self.sector(id)?;
            let take = sector.len().min(len - out.len());
            out.extend_from_slice(&sector[..take]);
            if out.len() >= len {
                break;
            }
            id = *self
                .fats
                .get(id as usize)
                .ok_or_else(|| format!("sector {id} is outside the allocation table"))?;
        }
        Ok(out)
    }

    /// A chain of 64-byte mini sectors in the mini stream.
    fn mini_chain(&self, start: u32, len: usize) -> Result<Vec<u8>, String> {
        let mut out = Vec::new();
        let mut id = start;
        let mut steps = 0u64;
        while id != ENDOFCHAIN {
            steps += 1;
            if steps > self.mini_stream.len() as u64 / 64 + 1 {
                return Err("a mini sector chain loops".to_owned());
            }
            let from = (id as usize).saturating_mul(64);
            let sector = self
                .mini_stream
                .get(from..(from + 64).min(self.mini_stream.len()))
                .ok_or_else(|| format!("mini sector {id} is outside the mini stream"))?;
            let take = sector.len().min(len - out.len());
            out.extend_from_slice(&sector[..take]);
            if out.len() >= len {
                break;
            }
            id = *self
                .mini_fats
                .get(id as usize)
                .ok_or_else(|| format!("mini sector {id} is outside the allocation table"))?;
        }
        Ok(out)
    }

    fn entry(&self, name: &str) -> Option<&CfbEntry> {
        self.directories
            .iter()
            .find(|d| d.name.eq_ignore_ascii_case(name))
    }

    fn has(&self, name: &str) -> bool {
        self.entry(name).is_some()
    }

    fn stream(&self, name: &str) -> Result<Vec<u8>, String> {
        let entry = self
            .entry(name)
            .ok_or_else(|| format!("no {name} stream"))?;
        let len = usize::try_from(entry.len).unwrap_or(usize::MAX);
        if entry.len < 4096 {
            self.mini_chain(entry.start, len)
        } else {
            self.chain(entry.start, len)
        }
    }
}
