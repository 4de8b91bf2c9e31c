//! The dictionary built by `build.rs`, embedded in the binary (no file to find at run time).

lindera_dictionary::embedded_dictionary!("/ipadic", EmbeddedIpadic);
