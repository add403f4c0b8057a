//! UTF-16 text (PowerShell scripts, .NET config saved by Windows tools) turned into UTF-8.
//!
//! Detection looks at a byte-order mark, or else at the NUL pattern of mostly-ASCII UTF-16:
//! NULs at nearly every odd (LE) or even (BE) offset and almost nowhere else.

/// Byte order of a UTF-16 text.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Endian {
    /// Little-endian (Windows' default).
    Little,
    /// Big-endian.
    Big,
}

impl Endian {
    /// The encoding's name as reports give it.
    pub fn name(self) -> &'static str {
        match self {
            Endian::Little => "utf-16le",
            Endian::Big => "utf-16be",
        }
    }
}

/// How many leading bytes the NUL-pattern check looks at.
pub(crate) const SNIFF_LEN: usize = 4096;

/// NULs at even and at odd offsets of `sample`, eight bytes at a time: this runs on the head
/// of every binary file.
fn count_nuls(sample: &[u8]) -> (usize, usize) {
    const LOW7: u64 = 0x7f7f_7f7f_7f7f_7f7f;
    // The top bit of each byte that lies at an even (resp. odd) offset, little-endian.
    const EVEN: u64 = 0x0080_0080_0080_0080;
    const ODD: u64 = 0x8000_8000_8000_8000;
    let (mut even, mut odd) = (0, 0);
    let mut words = sample.chunks_exact(8);
    for word in &mut words {
        let w = u64::from_le_bytes(word.try_into().unwrap_or([1; 8]));
        // The top bit set in each zero byte, and only there (no carries between bytes).
        let zeros = !(((w & LOW7) + LOW7) | w | LOW7);
        even += (zeros & EVEN).count_ones() as usize;
        odd += (zeros & ODD).count_ones() as usize;
    }
    for (at, &b) in words.remainder().iter().enumerate() {
        let nul = usize::from(b == 0);
        if at % 2 == 0 {
            even += nul;
        } else {
            odd += nul;
        }
    }
    (even, odd)
}

/// Whether `bytes` starts with a UTF-16 byte-order mark (either order).
pub fn has_bom(bytes: &[u8]) -> bool {
    bytes.starts_with(b"\xff\xfe") || bytes.starts_with(b"\xfe\xff")
}

/// Returns the byte order when `bytes` looks like UTF-16 text.
///
/// ```
/// use oktaleaks::decode::utf16::{detect, Endian};
/// assert_eq!(detect(b"\xff\xfeh\0i\0"), Some(Endian::Little));
/// assert_eq!(detect(b"h\0e\0l\0l\0o\0 \0w\0o\0r\0l\0d\0"), Some(Endian::Little));
/// assert_eq!(detect(b"hello world"), None);
/// ```
pub fn detect(bytes: &[u8]) -> Option<Endian> {
    if bytes.starts_with(b"\xff\xfe") {
        return Some(Endian::Little);
    }
    if bytes.starts_with(b"\xfe\xff") {
        return Some(Endian::Big);
    }
    let sample = &bytes[..bytes.len().min(SNIFF_LEN) & !1];
    if sample.len() < 8 || memchr::memchr(0, sample).is_none() {
        return None;
    }
    let pairs = sample.len() / 2;
    // Mostly-ASCII UTF-16 has a NUL in ~every pair on one side and ~none on the other.
    let mostly = |n: usize| n * 10 >= pairs * 7;
    let rarely = |n: usize| n * 20 <= pairs;
    let (mut even_nul, mut odd_nul, mut seen) = (0, 0, 0);
    // Most samples are binary files': stop as soon as neither side can be rare any more, or
    // neither can be mostly NULs.
    for block in sample.chunks(512) {
        let (even, odd) = count_nuls(block);
        (even_nul, odd_nul, seen) = (even_nul + even, odd_nul + odd, seen + block.len() / 2);
        let unseen = pairs - seen;
        if (!rarely(even_nul) && !rarely(odd_nul))
            || (!mostly(even_nul + unseen) && !mostly(odd_nul + unseen))
        {
            return None;
        }
    }
    if mostly(odd_nul) && rarely(even_nul) {
        Some(Endian::Little)
    } else if mostly(even_nul) && rarely(odd_nul) {
        Some(Endian::Big)
    } else {
        None
    }
}

/// Decodes UTF-16 to UTF-8, dropping a byte-order mark. Unpaired surrogates and a trailing
/// odd byte become U+FFFD, so nothing after them is lost.
///
/// ```
/// use oktaleaks::decode::utf16::{to_utf8, Endian};
/// assert_eq!(to_utf8(b"\xff\xfeh\0i\0", Endian::Little), b"hi");
/// assert_eq!(to_utf8(b"\0h\0i\0", Endian::Big), "hi\u{fffd}".as_bytes());
/// ```
pub fn to_utf8(bytes: &[u8], endian: Endian) -> Vec<u8> {
    let body = match endian {
        Endian::Little if bytes.starts_with(b"\xff\xfe") => &bytes[2..],
        Endian::Big if bytes.starts_with(b"\xfe\xff") => &bytes[2..],
        _ => bytes,
    };
    let units = body.chunks_exact(2).map(|p| match endian {
        Endian::Little => u16::from_le_bytes([p[0], p[1]]),
        Endian::Big => u16::from_be_bytes([p[0], p[1]]),
    });
    let mut out = String::with_capacity(body.len() / 2);
    out.extend(char::decode_utf16(units).map(|r| r.unwrap_or(char::REPLACEMENT_CHARACTER)));
    if body.len() % 2 == 1 {
        out.push(char::REPLACEMENT_CHARACTER);
    }
    out.into_bytes()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn nul_counts_match_a_plain_count() {
        let mut seed = 0x9e37_79b9_7f4a_7c15_u64;
        for len in [0, 1, 7, 8, 9, 15, 16, 17, 100, 4096] {
            let bytes: Vec<u8> = (0..len)
                .map(|_| {
                    seed ^= seed << 13;
                    seed ^= seed >> 7;
                    seed ^= seed << 17;
                    // Mostly zeros and 0x80s, the bytes a carry would confuse.
                    [0, 0, 0x80, 0x7f, 1, 0xff][(seed % 6) as usize]
                })
                .collect();
            let even = bytes.iter().step_by(2).filter(|&&b| b == 0).count();
            let odd = bytes.iter().skip(1).step_by(2).filter(|&&b| b == 0).count();
            assert_eq!(count_nuls(&bytes), (even, odd), "{bytes:?}");
        }
    }
}
