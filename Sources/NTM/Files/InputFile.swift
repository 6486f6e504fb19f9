import Foundation

#if canImport(Glibc)
  import Glibc
#elseif canImport(Musl)
  import Musl
#elseif canImport(Darwin)
  import Darwin
#endif

/// Reads a whole input file (a checkpoint, a trace) with errors a person can act on: "no such
/// file", "is a directory", "Permission denied", never a Foundation error code.
///
/// A regular file is read whole, not memory-mapped (a file truncated by someone else while mapped
/// would crash the reader). A FIFO or a character device (`<(…)` process substitution, `/dev/stdin`)
/// is read to its end, at most `limit` bytes.
public enum InputFile {
  public struct Failure: Error, CustomStringConvertible, Sendable, Equatable {
    /// What went wrong, without the path, e.g. "is a directory".
    public var problem: String
    public var description: String { problem }
  }

  /// The bytes of the file at `url`, at most `limit` of them.
  public static func read(_ url: URL, limit: Int) throws(Failure) -> Data {
    let descriptor = open(url.path, O_RDONLY | O_CLOEXEC)
    guard descriptor >= 0 else {
      throw Failure(problem: errno == ENOENT ? "no such file" : "cannot open: \(OutputFile.lastError())")
    }
    defer { close(descriptor) }
    var status = stat()
    guard fstat(descriptor, &status) == 0 else {
      throw Failure(problem: "cannot read: \(OutputFile.lastError())")
    }
    switch status.st_mode & S_IFMT {
    case S_IFDIR: throw Failure(problem: "is a directory, not a file")
    case S_IFREG:
      guard Int(status.st_size) <= limit else {
        throw Failure(problem: "is \(status.st_size) bytes, more than the \(limit) this reader accepts")
      }
    case S_IFIFO, S_IFCHR: break
    default: throw Failure(problem: "is not a file, a pipe or a device")
    }
    // A regular file is read into storage of its size; a stream (or a file that grew meanwhile)
    // into storage that doubles as it fills.
    var data = Data(count: status.st_mode & S_IFMT == S_IFREG ? Int(status.st_size) : 0)
    var filled = 0
    while true {
      if filled == data.count {
        var byte: UInt8 = 0
        let count = posixRead(descriptor, &byte, 1)
        if count == 0 { return data }
        if count < 0 {
          if errno == EINTR { continue }
          throw Failure(problem: "cannot read: \(OutputFile.lastError())")
        }
        guard filled < limit else {
          throw Failure(problem: "holds more than the \(limit) bytes this reader accepts")
        }
        data.count = min(limit, max(2 * filled, filled + (1 << 16)))
        data[filled] = byte
        filled += 1
      }
      let count = data.withUnsafeMutableBytes {
        posixRead(descriptor, $0.baseAddress! + filled, $0.count - filled)
      }
      if count < 0 {
        if errno == EINTR { continue }
        throw Failure(problem: "cannot read: \(OutputFile.lastError())")
      }
      if count == 0 {
        data.count = filled
        return data
      }
      filled += count
    }
  }
}

/// The C `read`, which `InputFile.read` hides inside the type.
private func posixRead(_ descriptor: Int32, _ buffer: UnsafeMutableRawPointer, _ count: Int) -> Int {
  read(descriptor, buffer, count)
}
