//! Photos for documents: decoded in full once, when uploaded, so a damaged file is refused then
//! and never fails a later export; scaled to at most 1600 pixels and stored as JPEG, which also
//! drops the camera's metadata (place, time) — personal data nobody asked to publish.

use std::io::Cursor;

use image::ImageReader;
use image::codecs::jpeg::JpegEncoder;

const MAX_SIDE: u32 = 1600;
/// Larger images are refused before decoding (a decompression bomb stays small on disk): by side,
/// and by pixel count, which bounds the memory a decode takes (about 3 bytes a pixel; 50 million
/// covers a 48-megapixel phone camera).
const MAX_SOURCE_SIDE: u32 = 12_000;
const MAX_SOURCE_PIXELS: u64 = 50_000_000;

#[derive(Debug, PartialEq, Eq, thiserror::Error)]
pub enum PhotoError {
    #[error("写真は JPEG か PNG の画像にしてください。")]
    NotAnImage,
    #[error("写真が大きすぎます（縦横12000ピクセル、5000万画素まで）。")]
    TooLarge,
}

/// The photo as a JPEG of at most 1600 pixels a side.
pub fn normalize(bytes: &[u8]) -> Result<Vec<u8>, PhotoError> {
    let reader = ImageReader::new(Cursor::new(bytes))
        .with_guessed_format()
        .map_err(|_| PhotoError::NotAnImage)?;
    if !matches!(
        reader.format(),
        Some(image::ImageFormat::Jpeg | image::ImageFormat::Png)
    ) {
        return Err(PhotoError::NotAnImage);
    }
    let (w, h) = reader.into_dimensions().map_err(|_| PhotoError::NotAnImage)?;
    if w == 0 || h == 0 {
        return Err(PhotoError::NotAnImage);
    }
    if w > MAX_SOURCE_SIDE || h > MAX_SOURCE_SIDE || u64::from(w) * u64::from(h) > MAX_SOURCE_PIXELS {
        return Err(PhotoError::TooLarge);
    }
    let img = ImageReader::new(Cursor::new(bytes))
        .with_guessed_format()
        .map_err(|_| PhotoError::NotAnImage)?
        .decode()
        .map_err(|_| PhotoError::NotAnImage)?;
    let img = if w > MAX_SIDE || h > MAX_SIDE {
        img.thumbnail(MAX_SIDE, MAX_SIDE)
    } else {
        img
    };
    let mut out = Vec::new();
    JpegEncoder::new_with_quality(&mut out, 85)
        .encode_image(&img.to_rgb8())
        .map_err(|_| PhotoError::NotAnImage)?;
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A PNG that only claims its size: signature and header, no pixels (what a bomb looks like
    /// before it is decoded).
    fn png_header(w: u32, h: u32) -> Vec<u8> {
        let mut out = vec![0x89, b'P', b'N', b'G', 0x0D, 0x0A, 0x1A, 0x0A, 0, 0, 0, 13];
        let mut ihdr = b"IHDR".to_vec();
        ihdr.extend(w.to_be_bytes());
        ihdr.extend(h.to_be_bytes());
        ihdr.extend([8, 2, 0, 0, 0]);
        out.extend(&ihdr);
        out.extend(crc32(&ihdr).to_be_bytes());
        // An empty IDAT: the header is read up to the first image data.
        out.extend([0, 0, 0, 0]);
        out.extend(b"IDAT");
        out.extend(crc32(b"IDAT").to_be_bytes());
        out
    }

    fn crc32(bytes: &[u8]) -> u32 {
        let mut c = 0xFFFF_FFFFu32;
        for b in bytes {
            c ^= u32::from(*b);
            for _ in 0..8 {
                c = if c & 1 == 1 { 0xEDB8_8320 ^ (c >> 1) } else { c >> 1 };
            }
        }
        !c
    }

    #[test]
    fn a_huge_image_is_refused_from_its_header_before_decoding() {
        // 11,500 × 11,500 is within the side limit but would decode to about 400 MB.
        assert_eq!(normalize(&png_header(11_500, 11_500)), Err(PhotoError::TooLarge));
        assert_eq!(normalize(&png_header(13_000, 10)), Err(PhotoError::TooLarge));
    }

    fn png(w: u32, h: u32) -> Vec<u8> {
        let img = image::RgbImage::from_pixel(w, h, image::Rgb([30, 120, 90]));
        let mut out = Vec::new();
        image::DynamicImage::ImageRgb8(img)
            .write_to(&mut Cursor::new(&mut out), image::ImageFormat::Png)
            .unwrap_or_default();
        out
    }

    #[test]
    fn photos_become_small_jpegs_and_broken_ones_are_refused() {
        let big = normalize(&png(3200, 1600)).unwrap_or_default();
        assert!(big.starts_with(&[0xFF, 0xD8]), "JPEG");
        let (w, h) = ImageReader::new(Cursor::new(&big))
            .with_guessed_format()
            .unwrap()
            .into_dimensions()
            .unwrap();
        assert_eq!((w, h), (1600, 800));
        let mut broken = png(10, 10);
        broken.truncate(broken.len() / 2);
        assert_eq!(normalize(&broken), Err(PhotoError::NotAnImage));
        assert_eq!(normalize(b"<svg></svg>"), Err(PhotoError::NotAnImage));
    }
}
