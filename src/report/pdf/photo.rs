//! Photos for the printed page: one file at a time is decoded, turned the right way up
//! (EXIF orientation), scaled down to print resolution for the box it is printed in and
//! encoded again as a small JPEG. The full-size pixels are dropped before the next photo is
//! read, so hundreds of 3 MB photos never sit in memory together; only the small JPEGs do
//! (and the PDF writer embeds those as they are).

// Files larger than the store accepts are not opened (a hand-placed file, say).
use crate::store::files::MAX_FILE_BYTES;
use image::codecs::jpeg::JpegEncoder;
use image::metadata::Orientation;
use image::{DynamicImage, ImageDecoder, ImageReader, Limits, RgbImage};
use std::io::BufReader;
use std::path::Path;

/// Print resolution photos are scaled to (dots per inch of the printed box).
pub const PRINT_DPI: f32 = 150.0;
/// JPEG quality tried first; lowered step by step while a photo is over its byte budget.
pub const JPEG_QUALITY: u8 = 80;
/// Qualities tried in turn when a photo is over its budget, before it is made smaller.
const QUALITIES: [u8; 4] = [JPEG_QUALITY, 70, 60, 50];
/// The most memory the decoder may take for one photo's full-size pixels (a 64-megapixel
/// RGB photo); a larger (or decompression-bomb) image is refused as unreadable.
const MAX_DECODE_BYTES: u64 = 200 * 1024 * 1024;
/// Points per inch.
const PT_PER_INCH: f32 = 72.0;

/// A photo ready to be embedded: a JPEG already the right way up and at print size.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Photo {
    /// The JPEG file's bytes.
    pub jpeg: Vec<u8>,
    /// Width in pixels (after orientation).
    pub width: u32,
    /// Height in pixels (after orientation).
    pub height: u32,
}

/// What became of one photo file.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Prepared {
    /// Ready to print.
    Photo(Photo),
    /// The stored file is not there.
    Missing,
    /// The file is there but is not an image that can be read (corrupt, cut short, too
    /// large, an unknown format); the reason in English, for logs.
    Unreadable(String),
}

/// The largest pixel size a photo printed into a box of `w_pt` × `h_pt` points needs at
/// [`PRINT_DPI`].
pub fn print_pixels(w_pt: f32, h_pt: f32) -> (u32, u32) {
    let px = |pt: f32| ((pt / PT_PER_INCH * PRINT_DPI).round() as u32).max(16);
    (px(w_pt), px(h_pt))
}

/// Reads the photo at `path` and makes it fit `max_px` (width, height, after orientation),
/// a JPEG of at most `budget` bytes when that can be reached (the quality is lowered, then
/// the size, until it fits). Never panics on a bad file: that is [`Prepared::Unreadable`].
pub fn prepare(path: &Path, max_px: (u32, u32), budget: usize) -> Prepared {
    let meta = match std::fs::metadata(path) {
        Ok(m) => m,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Prepared::Missing,
        Err(e) => return Prepared::Unreadable(e.to_string()),
    };
    if !meta.is_file() {
        return Prepared::Unreadable("not a regular file".into());
    }
    if meta.len() > MAX_FILE_BYTES {
        return Prepared::Unreadable(format!("{} bytes is over the limit", meta.len()));
    }
    match decode_scaled(path, max_px) {
        Ok(small) => encode_within(small, budget),
        Err(e) => Prepared::Unreadable(e),
    }
}

/// Decodes, scales to fit `max_px` and orients; the full-size image is dropped on return.
fn decode_scaled(path: &Path, (max_w, max_h): (u32, u32)) -> Result<DynamicImage, String> {
    let file = std::fs::File::open(path).map_err(|e| e.to_string())?;
    let mut reader = ImageReader::new(BufReader::new(file))
        .with_guessed_format()
        .map_err(|e| e.to_string())?;
    let mut limits = Limits::default();
    limits.max_alloc = Some(MAX_DECODE_BYTES);
    reader.limits(limits);
    let mut decoder = reader.into_decoder().map_err(|e| e.to_string())?;
    let orientation = decoder.orientation().unwrap_or(Orientation::NoTransforms);
    let full = DynamicImage::from_decoder(decoder).map_err(|e| e.to_string())?;
    // Scale before turning (cheaper); a quarter turn swaps the box's sides.
    let turned = matches!(
        orientation,
        Orientation::Rotate90
            | Orientation::Rotate270
            | Orientation::Rotate90FlipH
            | Orientation::Rotate270FlipH
    );
    let (box_w, box_h) = if turned {
        (max_h, max_w)
    } else {
        (max_w, max_h)
    };
    let mut small = if full.width() > box_w || full.height() > box_h {
        full.thumbnail(box_w, box_h)
    } else {
        full
    };
    small.apply_orientation(orientation);
    Ok(small)
}

/// The image as 8-bit RGB on white (transparent parts of a PNG print as paper).
fn on_white(image: DynamicImage) -> RgbImage {
    if !image.color().has_alpha() {
        return image.into_rgb8();
    }
    let rgba = image.into_rgba8();
    let (w, h) = rgba.dimensions();
    RgbImage::from_fn(w, h, |x, y| {
        let p = rgba.get_pixel(x, y).0;
        let a = u16::from(p[3]);
        let blend = |c: u8| ((u16::from(c) * a + 255 * (255 - a) + 127) / 255) as u8;
        image::Rgb([blend(p[0]), blend(p[1]), blend(p[2])])
    })
}

fn encode(rgb: &RgbImage, quality: u8) -> Result<Vec<u8>, String> {
    let mut out = Vec::new();
    JpegEncoder::new_with_quality(&mut out, quality)
        .encode_image(rgb)
        .map_err(|e| e.to_string())?;
    Ok(out)
}

/// Encodes at [`JPEG_QUALITY`], lower qualities, then smaller sizes until the JPEG is
/// within `budget` bytes (a photo of pure noise may still not get there at 1/4 of the
/// size: then the smallest is kept).
fn encode_within(image: DynamicImage, budget: usize) -> Prepared {
    let mut rgb = on_white(image);
    loop {
        let mut smallest: Option<Vec<u8>> = None;
        for q in QUALITIES {
            match encode(&rgb, q) {
                Ok(jpeg) if jpeg.len() <= budget => {
                    return Prepared::Photo(Photo {
                        jpeg,
                        width: rgb.width(),
                        height: rgb.height(),
                    });
                }
                Ok(jpeg) => smallest = Some(jpeg),
                Err(e) => return Prepared::Unreadable(e),
            }
        }
        let (w, h) = rgb.dimensions();
        if w <= 200 || h <= 200 {
            return match smallest {
                Some(jpeg) => Prepared::Photo(Photo {
                    jpeg,
                    width: w,
                    height: h,
                }),
                None => Prepared::Unreadable("nothing encoded".into()),
            };
        }
        let (nw, nh) = (w * 4 / 5, h * 4 / 5);
        rgb = image::imageops::thumbnail(&rgb, nw.max(1), nh.max(1));
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use image::{ImageBuffer, Rgb, RgbImage};

    /// A 300×200 image: left half red, right half blue.
    fn red_blue() -> RgbImage {
        ImageBuffer::from_fn(300, 200, |x, _| {
            if x < 150 {
                Rgb([220, 20, 20])
            } else {
                Rgb([20, 20, 220])
            }
        })
    }

    #[test]
    fn print_pixels_are_150_dpi_of_the_box() {
        // 72 pt = one inch = 150 px; 144 × 36 pt = 2 × 0.5 in = 300 × 75 px.
        assert_eq!(print_pixels(72.0, 72.0), (150, 150));
        assert_eq!(print_pixels(144.0, 36.0), (300, 75));
    }

    #[test]
    fn a_missing_file_and_a_corrupt_one_are_told_apart() {
        let dir = tempfile::tempdir().expect("tempdir");
        let missing = dir.path().join("gone.jpg");
        assert_eq!(prepare(&missing, (100, 100), 100_000), Prepared::Missing);
        let corrupt = dir.path().join("bad.jpg");
        std::fs::write(&corrupt, b"\xFF\xD8\xFF\xE0 not really a jpeg").expect("write");
        assert!(matches!(
            prepare(&corrupt, (100, 100), 100_000),
            Prepared::Unreadable(_)
        ));
        assert!(matches!(
            prepare(dir.path(), (100, 100), 100_000),
            Prepared::Unreadable(_)
        ));
    }

    #[test]
    fn a_large_photo_is_scaled_to_fit_its_box_keeping_its_shape() {
        let dir = tempfile::tempdir().expect("tempdir");
        let path = dir.path().join("wide.png");
        red_blue().save(&path).expect("save");
        // 300×200 into 150×150: the width limits, 150×100.
        let Prepared::Photo(p) = prepare(&path, (150, 150), 100_000) else {
            panic!("not a photo");
        };
        assert_eq!((p.width, p.height), (150, 100));
        assert!(p.jpeg.starts_with(&[0xFF, 0xD8]));
        // A small photo is never blown up.
        let Prepared::Photo(p) = prepare(&path, (1000, 1000), 100_000) else {
            panic!("not a photo");
        };
        assert_eq!((p.width, p.height), (300, 200));
    }

    #[test]
    fn exif_orientation_turns_the_photo_upright() {
        use image::ImageEncoder;
        // A camera held on its side stores 300×200 pixels (red left, blue right) and EXIF
        // orientation 6: "turn 90° clockwise to view", so upright it is 200×300 with red
        // on top. A little-endian TIFF block with one IFD entry: 0x0112 SHORT 1 = 6.
        let exif: Vec<u8> = vec![
            0x49, 0x49, 0x2A, 0x00, 0x08, 0x00, 0x00, 0x00, // header, IFD at 8
            0x01, 0x00, // one entry
            0x12, 0x01, 0x03, 0x00, 0x01, 0x00, 0x00, 0x00, 0x06, 0x00, 0x00, 0x00, 0x00, 0x00,
            0x00, 0x00, // no next IFD
        ];
        let img = red_blue();
        let mut jpeg = Vec::new();
        let mut enc = JpegEncoder::new_with_quality(&mut jpeg, 95);
        enc.set_exif_metadata(exif).expect("exif");
        enc.write_image(img.as_raw(), 300, 200, image::ExtendedColorType::Rgb8)
            .expect("encode");
        let dir = tempfile::tempdir().expect("tempdir");
        let path = dir.path().join("side.jpg");
        std::fs::write(&path, &jpeg).expect("write");
        let Prepared::Photo(p) = prepare(&path, (1000, 1000), 200_000) else {
            panic!("not a photo");
        };
        assert_eq!((p.width, p.height), (200, 300));
        let upright = image::load_from_memory(&p.jpeg)
            .expect("decode")
            .into_rgb8();
        let top = upright.get_pixel(100, 40).0;
        let bottom = upright.get_pixel(100, 260).0;
        assert!(top[0] > 150 && top[2] < 100, "top is red: {top:?}");
        assert!(
            bottom[2] > 150 && bottom[0] < 100,
            "bottom is blue: {bottom:?}"
        );
        // Into a 100×100 box the turned photo is 67×100 (the box's sides swap for the
        // scaling, not the result).
        let Prepared::Photo(p) = prepare(&path, (100, 100), 200_000) else {
            panic!("not a photo");
        };
        assert_eq!((p.width, p.height), (67, 100));
    }

    #[test]
    fn the_byte_budget_is_kept() {
        let dir = tempfile::tempdir().expect("tempdir");
        let path = dir.path().join("noise.png");
        let mut seed = 12345u32;
        let noise: RgbImage = ImageBuffer::from_fn(800, 600, |_, _| {
            seed = seed.wrapping_mul(1_103_515_245).wrapping_add(12345);
            let b = (seed >> 16) as u8;
            Rgb([b, b.wrapping_mul(3), b.wrapping_add(90)])
        });
        noise.save(&path).expect("save");
        let Prepared::Photo(p) = prepare(&path, (800, 600), 40_000) else {
            panic!("not a photo");
        };
        assert!(p.jpeg.len() <= 40_000, "{} bytes", p.jpeg.len());
    }
}
