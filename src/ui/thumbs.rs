//! Evidence thumbnails: decoded off the UI thread, cached, the right way up.
//!
//! The UI asks [`Thumbs::request`] for a stored file at a size each frame it shows it.
//! The first answer is [`Thumb::Pending`]: the request joins a queue that worker threads
//! take newest first (what was scrolled to last is what the user looks at). A worker reads
//! the file, decodes it, applies its EXIF orientation, scales it down and sends the pixels
//! back; [`Thumbs::poll`], on the UI thread, turns them into an egui texture. Requests not
//! repeated in a frame are dropped from the queue ([`Thumbs::end_frame`]), so only the
//! visible rows are decoded and scrolling never waits.
//!
//! A file that is not there (or has another size than attached) is [`Thumb::Missing`]; a
//! file that does not decode is [`Thumb::Corrupt`] with the decoder's reason; a file that
//! is not an image is only looked at (is it there?) and gets [`Thumb::NoThumbnail`].
//! Small thumbnails are kept in a least-recently-used cache of [`CACHE_THUMBS`]; the
//! viewer's large images in one of [`CACHE_LARGE`].

use eframe::egui;
use lru::LruCache;
use std::collections::HashSet;
use std::io::Cursor;
use std::num::NonZeroUsize;
use std::path::PathBuf;
use std::sync::mpsc::{self, Receiver, Sender};
use std::sync::{Arc, Condvar, Mutex};
use std::time::{Duration, Instant};

/// The longest side of a thumbnail in the evidence panel, in pixels.
pub const THUMB_SIDE: u32 = 160;
/// The longest side of an image in the viewer, in pixels.
pub const VIEW_SIDE: u32 = 2048;
/// How many thumbnails are kept (about 30 MB of textures at 160 px).
pub const CACHE_THUMBS: usize = 300;
/// How many of the viewer's large images are kept.
pub const CACHE_LARGE: usize = 3;
/// Decoding threads.
const WORKERS: usize = 2;

/// Which picture of which file: the stored file's hash and the longest side wanted.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct ThumbKey {
    /// The stored file's SHA-256 (its name in `NAME.files/`).
    pub hash: String,
    /// The longest side in pixels ([`THUMB_SIDE`] or [`VIEW_SIDE`]).
    pub side: u32,
}

/// A stored file to look at.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ThumbRequest {
    /// Which file and size.
    pub key: ThumbKey,
    /// Where the stored file is.
    pub path: PathBuf,
    /// Its size as attached (a file of another size counts as missing).
    pub size: u64,
    /// True for an image type: decode it; otherwise only check it is there.
    pub image: bool,
}

/// What a worker found.
#[derive(Debug)]
enum Found {
    Image(egui::ColorImage),
    NotImage,
    Missing,
    Corrupt(String),
}

/// A finished look at a file, as kept in the cache.
enum Kept {
    Image(egui::TextureHandle),
    NotImage,
    Missing,
    Corrupt(String),
}

/// What the UI can show for a file now.
#[derive(Clone, Copy)]
pub enum Thumb<'a> {
    /// Not looked at yet (show a placeholder).
    Pending,
    /// The picture, the right way up.
    Ready(&'a egui::TextureHandle),
    /// The file is there but is not an image (show a file-type icon).
    NoThumbnail,
    /// The stored file is not there (or has another size than attached).
    Missing,
    /// The file is there but does not decode: the decoder's reason.
    Corrupt(&'a str),
}

/// The queue the workers take from.
#[derive(Default)]
struct Queue {
    items: Vec<ThumbRequest>,
    closed: bool,
}

type Shared = Arc<(Mutex<Queue>, Condvar)>;

fn lock(shared: &Shared) -> std::sync::MutexGuard<'_, Queue> {
    shared
        .0
        .lock()
        .unwrap_or_else(std::sync::PoisonError::into_inner)
}

/// The thumbnail worker and its cache.
pub struct Thumbs {
    shared: Shared,
    rx: Receiver<(ThumbKey, Found)>,
    small: LruCache<ThumbKey, Kept>,
    large: LruCache<ThumbKey, Kept>,
    /// Asked for and not back yet (queued or being decoded).
    pending: HashSet<ThumbKey>,
    /// Asked for in this frame.
    wanted: HashSet<ThumbKey>,
    /// How many pictures were decoded (for tests and measurements).
    pub decoded: u64,
}

impl std::fmt::Debug for Thumbs {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Thumbs")
            .field("cached", &(self.small.len() + self.large.len()))
            .field("pending", &self.pending.len())
            .finish()
    }
}

impl Drop for Thumbs {
    fn drop(&mut self) {
        lock(&self.shared).closed = true;
        self.shared.1.notify_all();
    }
}

impl Thumbs {
    /// Starts the workers; `ctx`, when given, is woken when a picture is ready.
    pub fn new(ctx: Option<egui::Context>) -> Thumbs {
        let shared: Shared = Arc::new((Mutex::new(Queue::default()), Condvar::new()));
        let (tx, rx) = mpsc::channel();
        for _ in 0..WORKERS {
            let shared = Arc::clone(&shared);
            let tx = tx.clone();
            let ctx = ctx.clone();
            // A worker that cannot start leaves the others (or, with none, placeholders).
            let _ = std::thread::Builder::new()
                .name("bangfu-thumbs".into())
                .spawn(move || work(&shared, &tx, ctx.as_ref()));
        }
        Thumbs {
            shared,
            rx,
            small: LruCache::new(NonZeroUsize::new(CACHE_THUMBS).unwrap_or(NonZeroUsize::MIN)),
            large: LruCache::new(NonZeroUsize::new(CACHE_LARGE).unwrap_or(NonZeroUsize::MIN)),
            pending: HashSet::new(),
            wanted: HashSet::new(),
            decoded: 0,
        }
    }

    fn cache(&mut self, side: u32) -> &mut LruCache<ThumbKey, Kept> {
        if side <= THUMB_SIDE {
            &mut self.small
        } else {
            &mut self.large
        }
    }

    /// What to show for a file now. Never reads or decodes anything on the calling
    /// thread: a file not looked at yet is queued and [`Thumb::Pending`].
    pub fn request(&mut self, request: &ThumbRequest) -> Thumb<'_> {
        let key = &request.key;
        self.wanted.insert(key.clone());
        if !self.cache(key.side).contains(key) && !self.pending.contains(key) {
            self.pending.insert(key.clone());
            lock(&self.shared).items.push(request.clone());
            self.shared.1.notify_one();
        }
        match self.cache(key.side).get(key) {
            None => Thumb::Pending,
            Some(Kept::Image(t)) => Thumb::Ready(t),
            Some(Kept::NotImage) => Thumb::NoThumbnail,
            Some(Kept::Missing) => Thumb::Missing,
            Some(Kept::Corrupt(m)) => Thumb::Corrupt(m),
        }
    }

    /// Takes the workers' results (on the UI thread) and makes textures of them.
    pub fn poll(&mut self, ctx: &egui::Context) {
        while let Ok((key, found)) = self.rx.try_recv() {
            self.take(ctx, key, found);
        }
    }

    fn take(&mut self, ctx: &egui::Context, key: ThumbKey, found: Found) {
        self.pending.remove(&key);
        let kept = match found {
            Found::Image(image) => {
                self.decoded += 1;
                let name = format!("evidence-{}-{}", key.side, key.hash);
                Kept::Image(ctx.load_texture(name, image, egui::TextureOptions::LINEAR))
            }
            Found::NotImage => Kept::NotImage,
            Found::Missing => Kept::Missing,
            Found::Corrupt(m) => Kept::Corrupt(m),
        };
        self.cache(key.side).put(key, kept);
    }

    /// Ends a frame: requests not repeated in it are dropped from the queue (rows
    /// scrolled away are not decoded).
    pub fn end_frame(&mut self) {
        let wanted = std::mem::take(&mut self.wanted);
        let mut queue = lock(&self.shared);
        queue.items.retain(|r| {
            let keep = wanted.contains(&r.key);
            if !keep {
                self.pending.remove(&r.key);
            }
            keep
        });
    }

    /// Forgets what was found for a file (it may have come back: look again).
    pub fn forget(&mut self, hash: &str) {
        for cache in [&mut self.small, &mut self.large] {
            let keys: Vec<ThumbKey> = cache
                .iter()
                .filter(|(k, _)| k.hash == hash)
                .map(|(k, _)| k.clone())
                .collect();
            for k in keys {
                cache.pop(&k);
            }
        }
    }

    /// True while a request is queued or being decoded.
    pub fn busy(&self) -> bool {
        !self.pending.is_empty()
    }

    /// Waits (up to `timeout`) until nothing is pending and takes the results. For tests.
    pub fn wait(&mut self, ctx: &egui::Context, timeout: Duration) -> bool {
        let deadline = Instant::now() + timeout;
        while !self.pending.is_empty() {
            let left = deadline.saturating_duration_since(Instant::now());
            if left.is_zero() {
                return false;
            }
            if let Ok((key, found)) = self.rx.recv_timeout(left) {
                self.take(ctx, key, found);
            }
        }
        true
    }

    /// The size in pixels of a ready picture (width, height), if it is ready.
    pub fn ready_size(&self, key: &ThumbKey) -> Option<[usize; 2]> {
        let cache = if key.side <= THUMB_SIDE {
            &self.small
        } else {
            &self.large
        };
        match cache.peek(key) {
            Some(Kept::Image(t)) => Some(t.size()),
            _ => None,
        }
    }

    /// How many pictures are cached (small and large).
    pub fn cached(&self) -> usize {
        self.small.len() + self.large.len()
    }
}

/// A worker: takes the newest request, looks at the file and sends what it found.
fn work(shared: &Shared, tx: &Sender<(ThumbKey, Found)>, ctx: Option<&egui::Context>) {
    loop {
        let request = {
            let mut queue = lock(shared);
            loop {
                if queue.closed {
                    return;
                }
                if let Some(r) = queue.items.pop() {
                    break r;
                }
                queue = shared
                    .1
                    .wait(queue)
                    .unwrap_or_else(std::sync::PoisonError::into_inner);
            }
        };
        let found = look(&request);
        if tx.send((request.key, found)).is_err() {
            return;
        }
        if let Some(ctx) = ctx {
            ctx.request_repaint();
        }
    }
}

/// Looks at one stored file: there with the right size? then decoded if an image.
fn look(request: &ThumbRequest) -> Found {
    match std::fs::metadata(&request.path) {
        Ok(m) if m.is_file() && m.len() == request.size => {}
        _ => return Found::Missing,
    }
    if !request.image {
        return Found::NotImage;
    }
    let bytes = match std::fs::read(&request.path) {
        Ok(b) => b,
        Err(_) => return Found::Missing,
    };
    let side = request.key.side;
    // A decoder that panics on a hostile file must not take the worker with it.
    match std::panic::catch_unwind(|| decode(&bytes, side)) {
        Ok(Ok(image)) => Found::Image(image),
        Ok(Err(e)) => Found::Corrupt(e.to_string()),
        Err(_) => Found::Corrupt("decoder panicked".to_string()),
    }
}

/// Decodes an image, turns it the right way up (its EXIF orientation) and scales it so
/// that its longer side is at most `side` pixels (never up).
pub fn decode(bytes: &[u8], side: u32) -> Result<egui::ColorImage, image::ImageError> {
    use image::ImageDecoder;
    let mut reader = image::ImageReader::new(Cursor::new(bytes)).with_guessed_format()?;
    // A small file that claims a gigantic picture is refused before its pixels are
    // allocated.
    let mut limits = image::Limits::default();
    limits.max_image_width = Some(30_000);
    limits.max_image_height = Some(30_000);
    limits.max_alloc = Some(512 * 1024 * 1024);
    reader.limits(limits);
    let mut decoder = reader.into_decoder()?;
    // A broken EXIF block is not a broken picture: show it as stored.
    let orientation = decoder
        .orientation()
        .unwrap_or(image::metadata::Orientation::NoTransforms);
    let mut picture = image::DynamicImage::from_decoder(decoder)?;
    picture.apply_orientation(orientation);
    // `thumbnail` averages areas in integers: fast, and sharp enough to scale down.
    let picture = if picture.width() > side || picture.height() > side {
        picture.thumbnail(side, side)
    } else {
        picture
    };
    let rgba = picture.to_rgba8();
    let size = [rgba.width() as usize, rgba.height() as usize];
    Ok(egui::ColorImage::from_rgba_unmultiplied(
        size,
        rgba.as_raw(),
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn png(w: u32, h: u32) -> Vec<u8> {
        let img = image::RgbaImage::from_pixel(w, h, image::Rgba([200, 10, 10, 255]));
        let mut out = Cursor::new(Vec::new());
        img.write_to(&mut out, image::ImageFormat::Png)
            .expect("png encodes");
        out.into_inner()
    }

    fn request(dir: &std::path::Path, name: &str, bytes: &[u8], image: bool) -> ThumbRequest {
        let path = dir.join(name);
        std::fs::write(&path, bytes).expect("write");
        ThumbRequest {
            key: ThumbKey {
                hash: name.to_string(),
                side: THUMB_SIDE,
            },
            path,
            size: bytes.len() as u64,
            image,
        }
    }

    #[test]
    fn a_large_picture_is_scaled_to_the_side_keeping_its_shape_and_a_small_one_is_not() {
        // 800×400 → 160×80; 100×50 stays.
        let big = decode(&png(800, 400), THUMB_SIDE).expect("decodes");
        assert_eq!(big.size, [160, 80]);
        let small = decode(&png(100, 50), THUMB_SIDE).expect("decodes");
        assert_eq!(small.size, [100, 50]);
        let tall = decode(&png(300, 3000), VIEW_SIDE).expect("decodes");
        assert_eq!(tall.size, [205, 2048]);
    }

    /// A 40×20 JPEG whose EXIF says "rotate 90° clockwise to show" (orientation 6),
    /// the APP1 block written by hand after the start-of-image marker.
    fn jpeg_with_orientation(orientation: u8) -> Vec<u8> {
        let img = image::RgbImage::from_pixel(40, 20, image::Rgb([10, 200, 10]));
        let mut plain = Cursor::new(Vec::new());
        img.write_to(&mut plain, image::ImageFormat::Jpeg)
            .expect("jpeg encodes");
        let plain = plain.into_inner();
        // TIFF header (big-endian), one IFD entry: 0x0112 SHORT 1 = orientation.
        let mut tiff = b"MM\x00\x2a\x00\x00\x00\x08\x00\x01".to_vec();
        tiff.extend_from_slice(&[0x01, 0x12, 0x00, 0x03, 0x00, 0x00, 0x00, 0x01]);
        tiff.extend_from_slice(&[0x00, orientation, 0x00, 0x00]);
        tiff.extend_from_slice(&[0x00, 0x00, 0x00, 0x00]);
        let mut app1 = b"Exif\x00\x00".to_vec();
        app1.extend_from_slice(&tiff);
        let len = (app1.len() + 2) as u16;
        let mut out = plain[..2].to_vec();
        out.extend_from_slice(&[0xff, 0xe1]);
        out.extend_from_slice(&len.to_be_bytes());
        out.extend_from_slice(&app1);
        out.extend_from_slice(&plain[2..]);
        out
    }

    #[test]
    fn exif_orientation_turns_the_picture() {
        assert_eq!(
            decode(&jpeg_with_orientation(1), THUMB_SIDE)
                .expect("decodes")
                .size,
            [40, 20]
        );
        assert_eq!(
            decode(&jpeg_with_orientation(6), THUMB_SIDE)
                .expect("decodes")
                .size,
            [20, 40]
        );
    }

    #[test]
    fn garbage_is_an_error_not_a_panic() {
        assert!(decode(b"not a picture at all", THUMB_SIDE).is_err());
        let mut cut = png(50, 50);
        cut.truncate(cut.len() / 2);
        assert!(decode(&cut, THUMB_SIDE).is_err());
    }

    #[test]
    fn the_first_answer_is_pending_and_the_picture_comes_from_a_worker() {
        let dir = tempfile::tempdir().expect("dir");
        let ctx = egui::Context::default();
        let mut thumbs = Thumbs::new(None);
        let ok = request(dir.path(), "a", &png(320, 160), true);
        let bad = request(dir.path(), "b", b"\xff\xd8\xff\xe0 broken jpeg", true);
        let pdf = request(dir.path(), "c", b"%PDF-1.4 ...", false);
        let mut gone = request(dir.path(), "d", &png(10, 10), true);
        gone.path = dir.path().join("not-there");
        let mut resized = request(dir.path(), "e", &png(10, 10), true);
        resized.size += 1;
        for r in [&ok, &bad, &pdf, &gone, &resized] {
            assert!(matches!(thumbs.request(r), Thumb::Pending));
        }
        assert!(thumbs.busy());
        assert!(thumbs.wait(&ctx, Duration::from_secs(20)), "all looked at");
        assert!(matches!(thumbs.request(&ok), Thumb::Ready(_)));
        assert_eq!(thumbs.ready_size(&ok.key), Some([160, 80]));
        assert!(matches!(thumbs.request(&bad), Thumb::Corrupt(m) if !m.is_empty()));
        assert!(matches!(thumbs.request(&pdf), Thumb::NoThumbnail));
        assert!(matches!(thumbs.request(&gone), Thumb::Missing));
        assert!(matches!(thumbs.request(&resized), Thumb::Missing));
        assert_eq!(thumbs.decoded, 1);
        // Asked again: from the cache, nothing queued.
        assert!(!thumbs.busy());
    }

    #[test]
    fn requests_not_repeated_in_a_frame_leave_the_queue() {
        let dir = tempfile::tempdir().expect("dir");
        let mut thumbs = Thumbs::new(None);
        let shared = Arc::clone(&thumbs.shared);
        // The workers stop before taking anything: the queue stays as left.
        lock(&shared).closed = true;
        let a = request(dir.path(), "a", &png(10, 10), true);
        let b = request(dir.path(), "b", &png(10, 10), true);
        // Both queued in one frame, only `a` asked for in the next.
        let _ = thumbs.request(&a);
        let _ = thumbs.request(&b);
        thumbs.end_frame();
        assert_eq!(lock(&shared).items.len(), 2);
        let _ = thumbs.request(&a);
        thumbs.end_frame();
        let q = lock(&shared);
        assert_eq!(q.items.len(), 1);
        assert_eq!(q.items[0].key, a.key);
        drop(q);
        assert!(thumbs.pending.contains(&a.key));
        assert!(!thumbs.pending.contains(&b.key));
    }

    #[test]
    fn the_cache_keeps_the_most_recent_thumbnails_only() {
        let dir = tempfile::tempdir().expect("dir");
        let ctx = egui::Context::default();
        let mut thumbs = Thumbs::new(None);
        let bytes = png(4, 4);
        let all: Vec<ThumbRequest> = (0..CACHE_THUMBS + 5)
            .map(|i| request(dir.path(), &format!("f{i}"), &bytes, true))
            .collect();
        for r in &all {
            let _ = thumbs.request(r);
            assert!(thumbs.wait(&ctx, Duration::from_secs(10)));
            thumbs.end_frame();
        }
        assert_eq!(thumbs.cached(), CACHE_THUMBS);
        // The first five were the least recently used.
        assert!(thumbs.ready_size(&all[0].key).is_none());
        assert!(thumbs.ready_size(&all[CACHE_THUMBS + 4].key).is_some());
    }
}
