import Foundation

#if canImport(Glibc)
  import Glibc
#elseif canImport(Musl)
  import Musl
#elseif canImport(Darwin)
  import Darwin
#endif

/// Replaces a file's contents so that a crash at any moment leaves either the old file or the
/// complete new one.
///
/// The data is written to `<name>.tmp-<pid>` in the target's directory (so that the rename stays
/// within one file system), flushed to disk, and renamed over the target; the directory is then
/// flushed so that the rename itself survives a power cut. On any failure the temporary file is
/// removed and the target is untouched. Two writes to the same path from one process at the same
/// time are not supported (they would share the temporary name).
enum AtomicFile {
  struct Failure: Error {
    /// What went wrong, without the file name, e.g. "cannot create temporary file …: Permission denied".
    var message: String
  }

  static func write(_ data: Data, to url: URL) throws(Failure) {
    guard url.isFileURL else { throw Failure(message: "not a file URL: \(url)") }
    let target = url.path
    let directory = url.deletingLastPathComponent().path
    let temporaryName = "\(url.lastPathComponent).tmp-\(getpid())"
    let temporary = url.deletingLastPathComponent().appendingPathComponent(temporaryName).path

    let descriptor = try create(temporary, named: temporaryName)
    var renamed = false
    defer { if !renamed { unlink(temporary) } }

    do throws(Failure) {
      try writeAll(data, to: descriptor, named: temporaryName)
      try flush(descriptor, named: temporaryName)
    } catch {
      close(descriptor)
      throw error
    }
    guard close(descriptor) == 0 else {
      throw Failure(message: "cannot close temporary file '\(temporaryName)': \(lastError())")
    }
    guard rename(temporary, target) == 0 else {
      throw Failure(message: "cannot replace the file with '\(temporaryName)': \(lastError())")
    }
    renamed = true
    flushDirectory(directory)
  }

  /// Creates the temporary file exclusively (never following a symbolic link planted at its
  /// path). A leftover from a crashed process that had the same id is removed first.
  private static func create(_ path: String, named name: String) throws(Failure) -> Int32 {
    let flags = O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC
    var descriptor = open(path, flags, mode_t(0o644))
    if descriptor < 0 && errno == EEXIST && unlink(path) == 0 {
      descriptor = open(path, flags, mode_t(0o644))
    }
    guard descriptor >= 0 else {
      throw Failure(message: "cannot create temporary file '\(name)': \(lastError())")
    }
    return descriptor
  }

  private static func writeAll(_ data: Data, to descriptor: Int32, named name: String) throws(Failure) {
    let failed: String? = data.withUnsafeBytes { bytes in
      var offset = 0
      while offset < bytes.count {
        guard let base = bytes.baseAddress else { break }
        let chunk = min(bytes.count - offset, 1 << 30)
        let written = posixWrite(descriptor, base + offset, chunk)
        if written < 0 {
          if errno == EINTR { continue }
          return lastError()
        }
        offset += written
      }
      return nil
    }
    if let failed {
      throw Failure(message: "cannot write temporary file '\(name)': \(failed)")
    }
  }

  private static func flush(_ descriptor: Int32, named name: String) throws(Failure) {
    #if canImport(Darwin)
      // On Apple platforms fsync does not reach the disk itself; F_FULLFSYNC does.
      if fcntl(descriptor, F_FULLFSYNC) == 0 { return }
    #endif
    guard fsync(descriptor) == 0 else {
      throw Failure(message: "cannot flush temporary file '\(name)' to disk: \(lastError())")
    }
  }

  /// Best effort: some file systems cannot sync a directory, and the data is already safe.
  private static func flushDirectory(_ path: String) {
    let descriptor = open(path.isEmpty ? "." : path, O_RDONLY | O_CLOEXEC)
    guard descriptor >= 0 else { return }
    _ = fsync(descriptor)
    close(descriptor)
  }

  private static func lastError() -> String {
    String(cString: strerror(errno))
  }
}

/// The C `write`, which `AtomicFile.write` hides inside the type.
private func posixWrite(_ descriptor: Int32, _ buffer: UnsafeRawPointer, _ count: Int) -> Int {
  write(descriptor, buffer, count)
}
