//! Builds the IPADIC dictionary from its committed source (`dict/ipadic.tar.gz`, the Debian
//! package's CSV files converted to UTF-8) into `OUT_DIR`, where `src/dictionary.rs` embeds it.
//! The build cannot fetch anything, so the source lives in the repository; the result is cached
//! by cargo and rebuilt only when these files change.

use std::fs::File;
use std::path::PathBuf;

use lindera_dictionary::builder::DictionaryBuilder;
use lindera_dictionary::dictionary::metadata::Metadata;

fn main() -> Result<(), Box<dyn std::error::Error>> {
    println!("cargo:rerun-if-changed=build.rs");
    println!("cargo:rerun-if-changed=dict/ipadic.tar.gz");
    println!("cargo:rerun-if-changed=dict/metadata.json");
    let out = PathBuf::from(std::env::var("OUT_DIR")?);
    let source = out.join("source");
    let built = out.join("ipadic");
    let _ = std::fs::remove_dir_all(&source);
    let _ = std::fs::remove_dir_all(&built);
    tar::Archive::new(flate2::read::GzDecoder::new(File::open("dict/ipadic.tar.gz")?)).unpack(&source)?;
    let metadata: Metadata = serde_json::from_str(&std::fs::read_to_string("dict/metadata.json")?)?;
    DictionaryBuilder::new(metadata).build_dictionary(&source.join("mecab-ipadic"), &built)?;
    std::fs::remove_dir_all(&source)?;
    println!("cargo::rustc-env=LINDERA_WORKDIR={}", out.display());
    Ok(())
}
