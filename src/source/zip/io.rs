//! Positioned I/O over the archive's bytes and the pool of readers that share them.

use std::fs::File;
use std::io::{self, Cursor, Read, Seek, SeekFrom};
use std::sync::{Arc, Mutex};

use zip::ZipArchive;

use super::inflate::Inflater;

/// The bytes of the archive: a file on disk, or bytes in memory (tests, fuzzing). Cloning
/// gives an independent reader over the same bytes, so that several threads can read entries
/// at once.
#[derive(Clone, Debug)]
pub(super) enum Input {
    File(FileReader),
    Memory(Cursor<Arc<[u8]>>),
}

impl Read for Input {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        match self {
            Input::File(f) => f.read(buf),
            Input::Memory(m) => m.read(buf),
        }
    }
}

impl Seek for Input {
    fn seek(&mut self, pos: SeekFrom) -> io::Result<u64> {
        match self {
            Input::File(f) => f.seek(pos),
            Input::Memory(m) => m.seek(pos),
        }
    }
}

/// An open file shared by the readers of one archive.
#[derive(Debug)]
struct SharedFile {
    file: File,
    /// Where reads cannot be positioned, a seek and a read must not interleave with another
    /// reader's.
    #[cfg(not(any(unix, windows)))]
    cursor: Mutex<()>,
}

impl SharedFile {
    /// Reads at `offset` without moving anything another reader depends on.
    #[cfg(unix)]
    fn read_at(&self, buf: &mut [u8], offset: u64) -> io::Result<usize> {
        std::os::unix::fs::FileExt::read_at(&self.file, buf, offset)
    }

    #[cfg(windows)]
    fn read_at(&self, buf: &mut [u8], offset: u64) -> io::Result<usize> {
        std::os::windows::fs::FileExt::seek_read(&self.file, buf, offset)
    }

    #[cfg(not(any(unix, windows)))]
    fn read_at(&self, buf: &mut [u8], offset: u64) -> io::Result<usize> {
        let _cursor = self
            .cursor
            .lock()
            .map_err(|_| io::Error::other("a reader panicked"))?;
        let mut file = &self.file;
        file.seek(SeekFrom::Start(offset))?;
        file.read(buf)
    }
}

/// A buffered reader over a shared file: positioned reads (no seek system call), and a buffer
/// that survives a seek landing inside it. Reading an entry seeks to its local header, then to
/// its data just after it: with `BufReader` (which drops its buffer on every seek) that is two
/// system calls and two buffer fills per entry; here it is usually one read.
#[derive(Debug)]
pub(super) struct FileReader {
    file: Arc<SharedFile>,
    len: u64,
    /// Where the next byte comes from.
    pos: u64,
    buf: Box<[u8]>,
    buf_start: u64,
    buf_len: usize,
}

impl FileReader {
    const CAPACITY: usize = 16 * 1024;

    pub(super) fn new(file: File, len: u64) -> FileReader {
        FileReader::over(
            Arc::new(SharedFile {
                file,
                #[cfg(not(any(unix, windows)))]
                cursor: Mutex::new(()),
            }),
            len,
        )
    }

    fn over(file: Arc<SharedFile>, len: u64) -> FileReader {
        FileReader {
            file,
            len,
            pos: 0,
            buf: vec![0; Self::CAPACITY].into_boxed_slice(),
            buf_start: 0,
            buf_len: 0,
        }
    }
}

impl Clone for FileReader {
    fn clone(&self) -> FileReader {
        FileReader::over(Arc::clone(&self.file), self.len)
    }
}

impl Read for FileReader {
    fn read(&mut self, out: &mut [u8]) -> io::Result<usize> {
        let buffered = self.buf_start..self.buf_start + self.buf_len as u64;
        if !buffered.contains(&self.pos) {
            if out.len() >= self.buf.len() {
                let n = self.file.read_at(out, self.pos)?;
                self.pos += n as u64;
                return Ok(n);
            }
            let n = self.file.read_at(&mut self.buf, self.pos)?;
            self.buf_start = self.pos;
            self.buf_len = n;
            if n == 0 {
                return Ok(0);
            }
        }
        let offset = usize::try_from(self.pos - self.buf_start).unwrap_or(0);
        let available = &self.buf[offset..self.buf_len];
        let n = available.len().min(out.len());
        out[..n].copy_from_slice(&available[..n]);
        self.pos += n as u64;
        Ok(n)
    }
}

impl Seek for FileReader {
    fn seek(&mut self, to: SeekFrom) -> io::Result<u64> {
        let target = match to {
            SeekFrom::Start(n) => Some(n),
            SeekFrom::End(d) => self.len.checked_add_signed(d),
            SeekFrom::Current(d) => self.pos.checked_add_signed(d),
        };
        self.pos = target.ok_or_else(|| {
            io::Error::new(
                io::ErrorKind::InvalidInput,
                "seek before the start of the file",
            )
        })?;
        Ok(self.pos)
    }
}

/// The open archive and the decompressor reused for every entry it reads.
#[derive(Debug)]
pub(super) struct Reader {
    pub(super) archive: ZipArchive<Input>,
    pub(super) inflater: Inflater,
}

/// The readers of one archive: idle ones, and a template to clone another from when several
/// threads read at once (the require graph reads a level of files in parallel). A clone shares
/// the parsed central directory and the open file; it has its own buffer and decompressor.
#[derive(Debug)]
pub(super) struct Readers {
    pub(super) template: ZipArchive<Input>,
    pub(super) idle: Mutex<Vec<Reader>>,
}

impl Readers {
    pub(super) fn take(&self) -> Reader {
        self.idle
            .lock()
            .ok()
            .and_then(|mut idle| idle.pop())
            .unwrap_or_else(|| Reader {
                archive: self.template.clone(),
                inflater: Inflater::new(),
            })
    }

    pub(super) fn put(&self, reader: Reader) {
        if let Ok(mut idle) = self.idle.lock() {
            idle.push(reader);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_file_reader_reads_and_seeks_like_a_file() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("data");
        let data: Vec<u8> = (0..100_000u32).map(|i| (i % 251) as u8).collect();
        std::fs::write(&path, &data).unwrap();
        let mut reader = FileReader::new(File::open(&path).unwrap(), data.len() as u64);
        let mut buf = [0u8; 10];
        reader.seek(SeekFrom::Start(50_000)).unwrap();
        reader.read_exact(&mut buf).unwrap();
        assert_eq!(buf[..], data[50_000..50_010]);
        reader.seek(SeekFrom::Current(-5)).unwrap();
        reader.read_exact(&mut buf).unwrap();
        assert_eq!(buf[..], data[50_005..50_015]);
        assert_eq!(reader.seek(SeekFrom::End(-3)).unwrap(), 99_997);
        let mut rest = Vec::new();
        reader.read_to_end(&mut rest).unwrap();
        assert_eq!(rest, data[99_997..]);
        assert!(reader.seek(SeekFrom::Current(-200_000)).is_err());
        reader.seek(SeekFrom::Start(0)).unwrap();
        let mut all = Vec::new();
        reader.read_to_end(&mut all).unwrap();
        assert_eq!(all, data);
    }
}
