import Foundation
import Testing

@testable import NTM

#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// What an output path is decides how it is written: files atomically, links followed, devices and
/// FIFOs written through, directories and disks refused, stale temporary files removed.
@Suite("Output files")
struct OutputFileTests {
  static func folder() throws -> URL { try CheckpointTests.temporaryDirectory() }

  static func names(in folder: URL) throws -> [String] {
    try FileManager.default.contentsOfDirectory(atPath: folder.path).sorted()
  }

  /// `makedev`, a C macro Swift cannot import, for small device numbers.
  static func device(_ major: UInt32, _ minor: UInt32) -> dev_t {
    #if canImport(Darwin)
      dev_t(major << 24 | minor)
    #else
      dev_t(major << 8 | minor)
    #endif
  }

  static func kind(_ url: URL) -> mode_t {
    var status = stat()
    lstat(url.path, &status)
    return status.st_mode & S_IFMT
  }

  @Test("a symbolic link is followed: its target is written and the link stays a link")
  func symbolicLinks() throws {
    let folder = try Self.folder()
    defer { try? FileManager.default.removeItem(at: folder) }
    let target = folder.appendingPathComponent("target.txt")
    let link = folder.appendingPathComponent("link.txt")
    try FileManager.default.createSymbolicLink(atPath: link.path, withDestinationPath: "target.txt")
    try OutputFile.write(Data("first".utf8), to: link)  // a dangling link: its target is created
    #expect(Self.kind(link) == S_IFLNK)
    #expect(try String(contentsOf: target, encoding: .utf8) == "first")
    try OutputFile.write(Data("second".utf8), to: link)
    #expect(Self.kind(link) == S_IFLNK)
    #expect(try String(contentsOf: target, encoding: .utf8) == "second")
    #expect(try Self.names(in: folder) == ["link.txt", "target.txt"])
  }

  /// Reads a FIFO on a thread of its own (not the test's concurrency pool, which a blocked open
  /// could starve).
  final class Reader: @unchecked Sendable {
    private(set) var data = Data()
    let done = DispatchSemaphore(value: 0)
    init(_ url: URL) {
      Thread {
        let descriptor = open(url.path, O_RDONLY)
        var buffer = [UInt8](repeating: 0, count: 256)
        while descriptor >= 0 {
          let count = read(descriptor, &buffer, buffer.count)
          if count <= 0 { break }
          self.data.append(contentsOf: buffer[0..<count])
        }
        close(descriptor)
        self.done.signal()
      }.start()
    }
  }

  @Test("a FIFO is written through, not replaced by a file")
  func fifo() throws {
    let folder = try Self.folder()
    defer { try? FileManager.default.removeItem(at: folder) }
    let fifo = folder.appendingPathComponent("pipe")
    try #require(mkfifo(fifo.path, 0o600) == 0)
    let reader = Reader(fifo)
    try OutputFile.write(Data("through".utf8), to: fifo)
    reader.done.wait()
    #expect(String(decoding: reader.data, as: UTF8.self) == "through")
    #expect(Self.kind(fifo) == S_IFIFO)
    #expect(try Self.names(in: folder) == ["pipe"])
  }

  @Test("a character device is written through and stays a device (root only: mknod)")
  func characterDevice() throws {
    let folder = try Self.folder()
    defer { try? FileManager.default.removeItem(at: folder) }
    // Private device nodes: the system's null (1, 3) and full (1, 7) devices.
    let null = folder.appendingPathComponent("null")
    let full = folder.appendingPathComponent("full")
    guard mknod(null.path, S_IFCHR | 0o600, Self.device(1, 3)) == 0,
      mknod(full.path, S_IFCHR | 0o600, Self.device(1, 7)) == 0
    else { return }  // not root: nothing to test
    try OutputFile.write(Data("gone".utf8), to: null)
    #expect(Self.kind(null) == S_IFCHR)
    // A full device: the write fails with an error naming the path, never silently.
    let error = #expect(throws: OutputFile.Failure.self) { try OutputFile.write(Data("x".utf8), to: full) }
    #expect(
      error?.description.hasPrefix(full.path + ": cannot write: No space left") == true,
      "\(String(describing: error))")
    #expect(try Self.names(in: folder) == ["full", "null"])
  }

  @Test("directories are refused; a missing directory is named")
  func refusals() throws {
    let folder = try Self.folder()
    defer { try? FileManager.default.removeItem(at: folder) }
    let error = #expect(throws: OutputFile.Failure.self) { try OutputFile.write(Data(), to: folder) }
    #expect(error?.problem == "is a directory")
    let missing = folder.appendingPathComponent("nope/x")
    let checkError = #expect(throws: OutputFile.Failure.self) { try OutputFile.checkWritable(missing) }
    #expect(
      checkError?.problem.contains("'\(folder.path)/nope' does not exist") == true,
      "\(String(describing: checkError))")
    try OutputFile.checkWritable(folder.appendingPathComponent("fine"))
    #expect(try Self.names(in: folder).isEmpty)  // checking writes nothing
  }

  @Test("an uncommitted file leaves the target untouched and no temporary file")
  func uncommitted() throws {
    let folder = try Self.folder()
    defer { try? FileManager.default.removeItem(at: folder) }
    let url = folder.appendingPathComponent("trace.jsonl")
    try OutputFile.write(Data("old".utf8), to: url)
    do {
      let file = try OutputFile(url)
      try file.write("new, but never committed")
    }
    #expect(try String(contentsOf: url, encoding: .utf8) == "old")
    #expect(try Self.names(in: folder) == ["trace.jsonl"])
  }

  @Test("a replaced file keeps its permissions")
  func permissions() throws {
    let folder = try Self.folder()
    defer { try? FileManager.default.removeItem(at: folder) }
    let url = folder.appendingPathComponent("private")
    try OutputFile.write(Data("a".utf8), to: url)
    chmod(url.path, 0o600)
    try OutputFile.write(Data("b".utf8), to: url)
    var status = stat()
    stat(url.path, &status)
    #expect(status.st_mode & 0o777 == 0o600)
  }

  @Test("temporary files of dead processes are removed at the next save; a live one's stay")
  func staleTemporaries() throws {
    let folder = try Self.folder()
    defer { try? FileManager.default.removeItem(at: folder) }
    let url = folder.appendingPathComponent("m.safetensors")
    // A process id that is not running (searched from the top of the usual range).
    let dead = try #require(
      (30_000...4_000_000).reversed().lazy.map(Int32.init).first { kill($0, 0) != 0 && errno == ESRCH })
    let live = getppid()
    for pid in [dead, live] {
      try Data("partial".utf8).write(to: folder.appendingPathComponent("m.safetensors.tmp-\(pid)"))
    }
    try Data("other".utf8).write(to: folder.appendingPathComponent("other.tmp-\(dead)"))
    try OutputFile.write(Data("model".utf8), to: url)
    #expect(
      try Self.names(in: folder) == ["m.safetensors", "m.safetensors.tmp-\(live)", "other.tmp-\(dead)"])
  }

  @Test("reading names what is wrong with the path")
  func reading() throws {
    let folder = try Self.folder()
    defer { try? FileManager.default.removeItem(at: folder) }
    #expect(throws: InputFile.Failure(problem: "is a directory, not a file")) {
      try InputFile.read(folder, limit: 10)
    }
    let missing = folder.appendingPathComponent("missing")
    #expect(throws: InputFile.Failure(problem: "no such file")) { try InputFile.read(missing, limit: 10) }
    let big = folder.appendingPathComponent("big")
    try Data(count: 11).write(to: big)
    #expect(throws: InputFile.Failure.self) { try InputFile.read(big, limit: 10) }
    #expect(try InputFile.read(big, limit: 11).count == 11)
  }
}
