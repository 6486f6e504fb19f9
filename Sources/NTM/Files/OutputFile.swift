import Foundation

#if canImport(Glibc)
  import Glibc
#elseif canImport(Musl)
  import Musl
#elseif canImport(Darwin)
  import Darwin
#endif

/// A file being written by a command (a checkpoint, a trace), so that a failure or a crash at any
/// moment never leaves a damaged file and never replaces what the path is.
///
/// ```swift
/// let out = try OutputFile(URL(fileURLWithPath: "copy.jsonl"))
/// try out.write(line)          // as often as needed
/// try out.commit()             // only now does copy.jsonl change
/// ```
///
/// What the path is decides how it is written:
/// - a regular file, or nothing yet: the bytes go to `<name>.tmp-<pid>` in the same directory
///   (so the rename stays within one file system), are flushed to disk and renamed over the
///   target, whose permissions they take; the directory is then flushed so the rename survives a
///   power cut. Until `commit()` the target is untouched; an `OutputFile` dropped uncommitted
///   removes its temporary file. Temporary files that dead processes left beside the target
///   (after `kill -9`) are removed.
/// - a symbolic link: followed (up to 40 links deep, dangling included), and its target written
///   as above; the link itself stays.
/// - a character device or a FIFO (a terminal, `/dev/null`, a named pipe), or standard output:
///   written through, in place, since such a path cannot be replaced by a file.
/// - a directory, a block device or a socket: refused.
///
/// Every error names the path and what went wrong, e.g. `runs/copy.jsonl: cannot create: the
/// directory 'runs' does not exist`. A write to a closed pipe is an error (`EPIPE`) when the process ignores
/// `SIGPIPE`, as `ntm` does; otherwise the signal ends the process.
public final class OutputFile {
  /// Why a file could not be written.
  public struct Failure: Error, CustomStringConvertible, Sendable {
    /// The path as given.
    public var path: String
    /// What went wrong, without the path, e.g. "cannot write: No space left on device".
    public var problem: String
    /// The system's error number (`EPIPE`, `ENOSPC` …), 0 when the failure is not a system call's.
    public var code: Int32 = 0
    public var description: String { "\(path): \(problem)" }
    /// Whether a pipe's reader went away (`ntm trace | head`).
    public var isBrokenPipe: Bool { code == EPIPE }
  }

  /// How the bytes reach the path.
  private enum Mode {
    /// Written to `temporary`, renamed over `target` by `commit()`.
    case replacing(target: String, temporary: String)
    /// Written in place.
    case through
    /// Standard output or error: written in place, never closed.
    case standardStream
  }

  /// The path as given, for messages.
  public let path: String
  private let mode: Mode
  private var descriptor: Int32
  private var finished = false

  /// Opens `url` for writing as described above (creating the temporary file, or opening a
  /// device or FIFO, which may wait for a reader).
  public init(_ url: URL) throws(Failure) {
    path = url.path
    let target = try Self.resolve(url.path)
    switch try Self.kind(of: target, shownAs: url.path) {
    case .missing, .regular(_):
      let temporary = Self.temporaryPath(for: target)
      Self.removeStaleTemporaries(of: target)
      descriptor = try Self.createTemporary(temporary, for: target, shownAs: url.path)
      mode = .replacing(target: target, temporary: temporary)
    case .stream:
      descriptor = open(target, O_WRONLY | O_CLOEXEC)
      guard descriptor >= 0 else {
        throw Failure(path: url.path, problem: "cannot open: \(Self.lastError())")
      }
      mode = .through
    }
  }

  /// Opens `url` to add to its end (a log), creating it if it does not exist; written in place.
  /// `wasEmpty` tells whether it held nothing before, e.g. to write a header first.
  public init(appendingTo url: URL) throws(Failure) {
    path = url.path
    _ = try Self.kind(of: try Self.resolve(url.path), shownAs: url.path)  // refuses directories
    descriptor = open(url.path, O_WRONLY | O_APPEND | O_CREAT | O_CLOEXEC, 0o644)
    guard descriptor >= 0 else { throw Failure(path: url.path, problem: "cannot open: \(Self.lastError())") }
    var status = stat()
    wasEmpty = fstat(descriptor, &status) == 0 && status.st_size == 0
    mode = .through
  }

  /// Whether a file opened with `init(appendingTo:)` was empty.
  public private(set) var wasEmpty = true

  private init(standardStream descriptor: Int32, named name: String) {
    path = name
    mode = .standardStream
    self.descriptor = descriptor
  }

  /// Standard output, written through. `commit()` does not close it.
  public static func standardOutput() -> OutputFile {
    OutputFile(standardStream: STDOUT_FILENO, named: "standard output")
  }

  /// Standard error, written through. `commit()` does not close it.
  public static func standardError() -> OutputFile {
    OutputFile(standardStream: STDERR_FILENO, named: "standard error")
  }

  deinit {
    guard !finished else { return }
    if case .standardStream = mode { return }
    close(descriptor)
    if case .replacing(_, let temporary) = mode { unlink(temporary) }
  }

  /// Writes all of `bytes`, retrying after interruptions and partial writes.
  public func write(_ bytes: UnsafeRawBufferPointer) throws(Failure) {
    precondition(!finished, "OutputFile.write after commit")
    var offset = 0
    while offset < bytes.count, let base = bytes.baseAddress {
      let written = posixWrite(descriptor, base + offset, min(bytes.count - offset, 1 << 30))
      if written < 0 {
        let code = errno
        if code == EINTR { continue }
        throw Failure(path: path, problem: "cannot write: \(Self.lastError())", code: code)
      }
      offset += written
    }
  }

  public func write(_ data: Data) throws(Failure) {
    let failure: Failure? = data.withUnsafeBytes { bytes in
      do throws(Failure) {
        try write(bytes)
        return nil
      } catch { return error }
    }
    if let failure { throw failure }
  }

  public func write(_ text: String) throws(Failure) {
    var text = text
    let failure: Failure? = text.withUTF8 { bytes in
      do throws(Failure) {
        try write(UnsafeRawBufferPointer(bytes))
        return nil
      } catch { return error }
    }
    if let failure { throw failure }
  }

  /// Makes the written bytes the file's content: flushes and renames a temporary file over its
  /// target; closes a device or FIFO. Nothing at the path changes before this.
  public func commit() throws(Failure) {
    precondition(!finished, "OutputFile.commit twice")
    finished = true
    switch mode {
    case .standardStream: break
    case .through:
      if close(descriptor) != 0, errno != EINTR {
        throw Failure(path: path, problem: "cannot write: \(Self.lastError())")
      }
    case .replacing(let target, let temporary):
      defer { unlink(temporary) }  // harmless after the rename, which moved the name away
      if let problem = Self.flush(descriptor) {
        close(descriptor)
        throw Failure(path: path, problem: "cannot write: \(problem)")
      }
      guard close(descriptor) == 0 else {
        throw Failure(path: path, problem: "cannot write: \(Self.lastError())")
      }
      guard rename(temporary, target) == 0 else {
        throw Failure(path: path, problem: "cannot replace: \(Self.lastError())")
      }
      Self.flushDirectory(Self.directory(of: target))
    }
  }

  // MARK: Whole files

  /// Writes `data` to `url` in one go (see the type's description).
  public static func write(_ data: Data, to url: URL) throws(Failure) {
    let file = try OutputFile(url)
    try file.write(data)
    try file.commit()
  }

  /// Throws unless `url` could be written now: its directory exists and takes a new file, or it
  /// is a device or FIFO this process may write. For a long job, check before starting it, so
  /// that a typo in an output path does not cost the result. Writes nothing at the path.
  public static func checkWritable(_ url: URL) throws(Failure) {
    let target = try resolve(url.path)
    switch try kind(of: target, shownAs: url.path) {
    case .missing, .regular(_):
      let probe = temporaryPath(for: target)
      let descriptor = try createTemporary(probe, for: target, shownAs: url.path)
      close(descriptor)
      unlink(probe)
    case .stream:
      guard access(target, W_OK) == 0 else {
        throw Failure(path: url.path, problem: "cannot write: \(lastError())")
      }
    }
  }

  // MARK: Paths

  private enum Kind {
    case missing
    /// An existing regular file, with its permission bits.
    case regular(mode_t)
    case stream
  }

  /// The path a chain of symbolic links ends at (the path itself when it is not a link). A
  /// dangling link resolves to the path it names, which is then created.
  static func resolve(_ path: String) throws(Failure) -> String {
    var current = path
    for _ in 0..<40 {
      var status = stat()
      guard lstat(current, &status) == 0 else {
        if errno == ENOENT { return current }
        throw Failure(path: path, problem: "cannot use: \(lastError())")
      }
      guard status.st_mode & S_IFMT == S_IFLNK else { return current }
      var buffer = [CChar](repeating: 0, count: Int(PATH_MAX) + 1)
      let length = readlink(current, &buffer, buffer.count - 1)
      guard length >= 0 else { throw Failure(path: path, problem: "cannot follow the link: \(lastError())") }
      let link = String(decoding: buffer[0..<length].map { UInt8(bitPattern: $0) }, as: UTF8.self)
      current = link.hasPrefix("/") ? link : directory(of: current) + "/" + link
    }
    throw Failure(path: path, problem: "cannot use: too many levels of symbolic links")
  }

  private static func kind(of target: String, shownAs path: String) throws(Failure) -> Kind {
    var status = stat()
    guard stat(target, &status) == 0 else {
      if errno == ENOENT { return .missing }
      throw Failure(path: path, problem: "cannot use: \(lastError())")
    }
    switch status.st_mode & S_IFMT {
    case S_IFREG: return .regular(status.st_mode & 0o7777)
    case S_IFCHR, S_IFIFO: return .stream
    case S_IFDIR: throw Failure(path: path, problem: "is a directory")
    case S_IFBLK: throw Failure(path: path, problem: "is a block device (a disk), which is never written")
    default: throw Failure(path: path, problem: "is not a file, a device or a pipe")
    }
  }

  static func directory(of path: String) -> String {
    guard let slash = path.lastIndex(of: "/") else { return "." }
    return slash == path.startIndex ? "/" : String(path[..<slash])
  }

  private static func baseName(of path: String) -> String {
    path.lastIndex(of: "/").map { String(path[path.index(after: $0)...]) } ?? path
  }

  static func temporaryPath(for target: String) -> String { "\(target).tmp-\(getpid())" }

  /// Creates the temporary file exclusively (never following a link planted at its path), with
  /// the target's permissions if it exists. A leftover from a crashed process that had the same
  /// id is removed first.
  private static func createTemporary(_ path: String, for target: String, shownAs shown: String)
    throws(Failure)
    -> Int32
  {
    var permissions: mode_t = 0o644
    var status = stat()
    if stat(target, &status) == 0 { permissions = status.st_mode & 0o7777 }
    let flags = O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC
    var descriptor = open(path, flags, permissions)
    if descriptor < 0 && errno == EEXIST && unlink(path) == 0 {
      descriptor = open(path, flags, permissions)
    }
    guard descriptor >= 0 else {
      let directory = directory(of: target)
      let why =
        errno == ENOENT || errno == ENOTDIR ? "the directory '\(directory)' does not exist" : lastError()
      throw Failure(path: shown, problem: "cannot create: \(why)")
    }
    _ = fchmod(descriptor, permissions)  // open's mode is masked by the umask; keep the target's
    return descriptor
  }

  /// Removes `<target name>.tmp-<pid>` files beside `target` whose process no longer exists.
  static func removeStaleTemporaries(of target: String) {
    let directory = directory(of: target)
    let prefix = baseName(of: target) + ".tmp-"
    guard let names = try? FileManager.default.contentsOfDirectory(atPath: directory) else { return }
    for name in names where name.hasPrefix(prefix) {
      guard let pid = Int32(name.dropFirst(prefix.count)), pid > 0, pid != getpid() else { continue }
      guard kill(pid, 0) != 0, errno == ESRCH else { continue }  // alive, or not ours to judge
      let path = directory + "/" + name
      var status = stat()
      guard lstat(path, &status) == 0, status.st_mode & S_IFMT == S_IFREG else { continue }
      unlink(path)
    }
  }

  // MARK: System calls

  /// nil when the descriptor's data reached the disk.
  private static func flush(_ descriptor: Int32) -> String? {
    #if canImport(Darwin)
      // On Apple platforms fsync does not reach the disk itself; F_FULLFSYNC does.
      if fcntl(descriptor, F_FULLFSYNC) == 0 { return nil }
    #endif
    return fsync(descriptor) == 0 ? nil : lastError()
  }

  /// Best effort: some file systems cannot sync a directory, and the data is already safe.
  private static func flushDirectory(_ path: String) {
    let descriptor = open(path, O_RDONLY | O_CLOEXEC)
    guard descriptor >= 0 else { return }
    _ = fsync(descriptor)
    close(descriptor)
  }

  static func lastError() -> String { String(cString: strerror(errno)) }
}

/// The C `write`, which `OutputFile.write` hides inside the type.
private func posixWrite(_ descriptor: Int32, _ buffer: UnsafeRawPointer, _ count: Int) -> Int {
  write(descriptor, buffer, count)
}
