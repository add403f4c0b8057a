//! Matcher throughput on generated inputs: plain code with no hits, dense hits, near-misses
//! (token-shaped strings that context or randomness reject), and encoded tokens; and each
//! decoder alone (base64, percent and backslash escapes, UTF-16, and all views of a text).
//!
//! `cargo bench --bench matcher`

use std::sync::Arc;

use criterion::{criterion_group, criterion_main, BenchmarkId, Criterion, Throughput};
use oktaleaks::decode::{base64 as b64, escape, utf16, Decoder, View};
use oktaleaks::matcher::Matcher;
use oktaleaks::rules::load_builtin;

const ABC: &[u8] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_-";

struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }
    fn token(&mut self) -> String {
        let body: String = (0..40)
            .map(|_| ABC[(self.next() % 64) as usize] as char)
            .collect();
        format!("00{body}")
    }
}

fn code_line(rng: &mut Rng, i: usize) -> String {
    match rng.next() % 6 {
        0 => format!(
            "    let value_{i} = compute(&input[{}..], 1000);\n",
            rng.next() % 100
        ),
        1 => format!(
            "    // TODO(#{}) handle the 2000-char limit, see RFC 7230\n",
            rng.next() % 900
        ),
        2 => format!("    if x == 0x00ff && y < 100 {{ return Err(Error::Range({i})); }}\n"),
        3 => format!(
            "    \"id\": \"{:016x}\", \"ts\": 1700000000{:03},\n",
            rng.next(),
            rng.next() % 1000
        ),
        4 => "    }\n".to_string(),
        _ => format!("fn handler_{i}(req: Request) -> Response {{\n"),
    }
}

fn corpus(kind: &str, size: usize) -> Vec<u8> {
    let mut rng = Rng(0x9E37_79B9_7F4A_7C15);
    let mut out = String::with_capacity(size + 256);
    let mut i = 0;
    while out.len() < size {
        i += 1;
        match kind {
            "no_hits" => out.push_str(&code_line(&mut rng, i)),
            "dense_hits" => {
                out.push_str(&code_line(&mut rng, i));
                if i % 20 == 0 {
                    out.push_str(&format!("OKTA_API_TOKEN={}\n", rng.token()));
                }
            }
            "near_misses" => {
                out.push_str(&code_line(&mut rng, i));
                if i % 10 == 0 {
                    // Token-shaped but without Okta context, or inside a longer run.
                    out.push_str(&format!(
                        "build_id = \"{}\"\nhash = \"{}{}\"\n",
                        rng.token(),
                        rng.token(),
                        rng.token()
                    ));
                }
            }
            _ => {
                out.push_str(&code_line(&mut rng, i));
                if i % 50 == 0 {
                    let t = rng.token();
                    let escaped: String = t.bytes().map(|b| format!("%{b:02X}")).collect();
                    out.push_str(&format!(
                        "  OKTA_API_TOKEN: {}\nq=okta_token={escaped}\n",
                        base64(t.as_bytes())
                    ));
                }
            }
        }
    }
    out.into_bytes()
}

fn base64(bytes: &[u8]) -> String {
    const B64: &[u8] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    bytes
        .chunks(3)
        .flat_map(|c| {
            let n = c.iter().fold(0u32, |a, &b| a << 8 | u32::from(b)) << (8 * (3 - c.len()));
            (0..=c.len()).map(move |i| B64[(n >> (18 - 6 * i) & 63) as usize] as char)
        })
        .collect()
}

fn bench(c: &mut Criterion) {
    let rules = Arc::new(load_builtin().expect("built-in rules"));
    let mut group = c.benchmark_group("matcher");
    for kind in ["no_hits", "dense_hits", "near_misses", "encoded"] {
        let input = corpus(kind, 4 << 20);
        group.throughput(Throughput::Bytes(input.len() as u64));
        group.bench_with_input(BenchmarkId::from_parameter(kind), &input, |b, input| {
            let mut matcher = Matcher::new(Arc::clone(&rules));
            b.iter(|| matcher.scan(input).matches.len());
        });
    }
    group.finish();
}

fn bench_decoders(c: &mut Criterion) {
    let mut group = c.benchmark_group("decoders");
    let size = 4 << 20;
    let mut rng = Rng(7);
    let raw: Vec<u8> = (0..size / 4 * 3).map(|_| rng.next() as u8).collect();
    let encoded = base64(&raw).into_bytes();
    let percent: Vec<u8> = (0..size / 3)
        .flat_map(|i| format!("%{:02X}", i % 256).into_bytes())
        .collect();
    let backslash: Vec<u8> = (0..size / 6)
        .flat_map(|i| format!("\\u{:04x}", 0x30 + i % 64).into_bytes())
        .collect();
    let utf16le: Vec<u8> = String::from_utf8_lossy(&corpus("no_hits", size / 2))
        .encode_utf16()
        .flat_map(u16::to_le_bytes)
        .collect();
    let mixed = corpus("encoded", size);
    group.throughput(Throughput::Bytes(size as u64));
    group.bench_function("base64", |b| {
        b.iter(|| b64::decode(&encoded).map(|v| v.len()))
    });
    group.bench_function("percent", |b| {
        b.iter(|| {
            escape::unescape(&percent, escape::Syntax::Percent)
                .bytes
                .len()
        })
    });
    group.bench_function("backslash", |b| {
        b.iter(|| {
            escape::unescape(&backslash, escape::Syntax::Backslash)
                .bytes
                .len()
        })
    });
    group.bench_function("utf16le", |b| {
        b.iter(|| utf16::to_utf8(&utf16le, utf16::Endian::Little).len())
    });
    let decoder = Decoder::default();
    let mut views: Vec<View> = Vec::new();
    group.bench_function("all_views_of_encoded_text", |b| {
        b.iter(|| {
            decoder.decode_all(&mixed, &mut views);
            views.len()
        })
    });
    group.finish();
}

criterion_group!(benches, bench, bench_decoders);
criterion_main!(benches);
