import Foundation
import Testing

#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// The terminal under faults and foreign key encodings, in tmux: a crash in any thread restores
/// the screen, keys arrive whole whatever the terminal's spelling, and the mouse reports clicks
/// without capturing all motion.
@Suite(
  "End to end: the terminal under faults", .serialized,
  .enabled(if: EndToEnd.isAvailable, "needs tmux and a built .build/debug/ntm"))
struct TerminalFaultsEndToEndTests {
  /// tmux sends End as `ESC [ 4 ~`, which the xterm-256color entry does not list (it says
  /// `ESC O F`): the key must still be End, not Escape, `[`, `4` and `~`.
  @Test("End and Home work under TERM=xterm-256color inside tmux")
  func keysArriveWhole() async throws {
    let tmux = try await EndToEnd.startView()
    defer { tmux.kill() }
    let first = try tmux.screen()
    let last = try #require(first.firstMatch(of: /t = –\/(\d+)/)?.1).description
    tmux.send("End")
    try await tmux.waitForScreen { $0.contains("t = \(last)/\(last)") }
    tmux.send("Home")
    try await tmux.waitForScreen { $0.contains("t = –/\(last)") }
  }

  @Test("mouse reporting asks for clicks (mode 1000), not for all motion (1003)")
  func mouseMode() async throws {
    let output = EndToEnd.temporaryFile("pane-output.txt")
    defer { EndToEnd.removeTemporary(output) }
    let tmux = try await EndToEnd.startView(recordingTo: output)
    defer { tmux.kill() }
    tmux.send("q")
    let bytes = try await EndToEnd.waitForFile(output) { $0.contains("EXIT=") }
    #expect(bytes.contains(/\e\[\?[0-9;]*1000h/))
    #expect(!bytes.contains("1003h") && !bytes.contains("1002h"))
  }

  #if os(Linux)
    /// Sends `signal` to one thread of a process (`tgkill`, which Swift's Glibc does not import).
    static func signalThread(_ process: pid_t, _ thread: pid_t, _ signal: Int32) -> Bool {
      typealias ThreadKill = @convention(c) (pid_t, pid_t, Int32) -> Int32
      guard let symbol = dlsym(nil, "tgkill") else { return false }
      return unsafeBitCast(symbol, to: ThreadKill.self)(process, thread, signal) == 0
    }

    /// The ntm started by the pane's shell, and one of its threads other than the main one.
    static func ntmThread(in tmux: TmuxSession) throws -> (process: pid_t, thread: pid_t)? {
      let shell = try tmux.command("display", "-p", "-t", tmux.name, "#{pane_pid}").trimmed
      let children = try String(contentsOfFile: "/proc/\(shell)/task/\(shell)/children", encoding: .utf8)
      guard let process = children.split(separator: " ").compactMap({ pid_t($0) }).first else { return nil }
      let threads = try FileManager.default.contentsOfDirectory(atPath: "/proc/\(process)/task")
        .compactMap { pid_t($0) }.filter { $0 != process }
      return threads.first.map { (process, $0) }
    }

    @Test(
      "a crash in the training thread restores the terminal, then ends as the signal would",
      arguments: [SIGILL, SIGSEGV, SIGABRT, SIGBUS])
    func crashInAnyThreadRestores(_ signal: Int32) async throws {
      let folder = EndToEnd.temporaryFile("v.safetensors")
      defer { EndToEnd.removeTemporary(folder) }
      // No Swift backtracer: it would hold the dying process for its interactive prompt.
      let tmux = try await EndToEnd.startView(
        arguments: ["--train", "--out", folder.path], environment: "SWIFT_BACKTRACE=enable=no")
      defer { tmux.kill() }
      #expect(try tmux.alternateScreenIsOn())
      let (process, thread) = try #require(try Self.ntmThread(in: tmux), "no second thread")
      try #require(Self.signalThread(process, thread, signal))
      let screen = try await tmux.waitForScreen { $0.contains("EXIT=") }
      #expect(screen.contains("EXIT=\(128 + signal)"), "\(screen)")
      #expect(try !tmux.alternateScreenIsOn())
    }
  #endif
}
