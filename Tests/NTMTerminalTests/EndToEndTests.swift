import Foundation
import Testing

#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// The built `ntm` binary driven in a real terminal (tmux): keys, resizes, quitting by key and
/// by signal, and the error paths that must fail before a screen opens.
///
/// Enabled only when tmux and `.build/debug/ntm` exist, so `swift test` without a prior
/// `swift build` skips rather than fails (CI builds first). Each test runs its own tmux server
/// (`tmux -L <unique socket>`), killed when the test ends, so tests never touch a user's tmux or
/// each other. Screens are polled every 100 ms for up to 30 s, never waited on with fixed sleeps.
@Suite(
  "End to end: ntm view in tmux", .serialized,
  .enabled(if: EndToEnd.isAvailable, "needs tmux and a built .build/debug/ntm"))
struct EndToEndTests {
  @Test func stepsForwardAndBack() async throws {
    let tmux = try await EndToEnd.startView()
    defer { tmux.kill() }
    tmux.send("Right", "Right", "Right", "Right", "Right")
    // Waited for whole: ncurses redraws top down, and on a busy machine a capture can catch the
    // new header over the old body.
    try await tmux.waitForScreen { $0.contains("t = 4/") && $0.contains("┌─ Memory after step t = 4") }
    // 256 colours and the Unicode glyphs reach the terminal.
    let colours = try tmux.command("capture-pane", "-p", "-e", "-t", tmux.name)
    #expect(colours.contains("\u{1B}[48;5;"))
    #expect(colours.contains("▀"))
    tmux.send("Left")
    try await tmux.waitForScreen { $0.contains("t = 3/") }
  }

  @Test func resizeTo80x24KeepsTheLayout() async throws {
    let tmux = try await EndToEnd.startView()
    defer { tmux.kill() }
    try await tmux.waitForScreen { $0.contains("Weightings over time") }
    try tmux.resize(width: 80, height: 24)
    let screen = try await tmux.waitForScreen { screen in
      screen.contains("┌─ Memory before step 0") && screen.contains("t = –/")
        && !screen.contains("Weightings over time")
    }
    let lines = screen.split(separator: "\n", omittingEmptySubsequences: false)
    #expect(lines.first?.hasPrefix(" NTM  copy") == true)
    #expect(lines.allSatisfy { $0.count <= 80 })
  }

  @Test func helpShowsTheKeys() async throws {
    let tmux = try await EndToEnd.startView()
    defer { tmux.kill() }
    tmux.send("?")
    let help = try await tmux.waitForScreen { $0.contains("Keys (any key closes)") }
    for action in ["step forward", "play / pause", "next task", "q ctrl-c", "Steps are numbered"] {
      #expect(help.contains(action))
    }
    tmux.send("x")
    try await tmux.waitForScreen { !$0.contains("Keys (any key closes)") && $0.contains("t = –/") }
  }

  @Test func quitWithQRestoresTheTerminal() async throws {
    let output = EndToEnd.temporaryFile("pane-output.txt")
    defer { EndToEnd.removeTemporary(output) }
    let tmux = try await EndToEnd.startView(recordingTo: output)
    defer { tmux.kill() }
    #expect(try tmux.alternateScreenIsOn())
    tmux.send("q")
    let screen = try await tmux.waitForScreen { $0.contains("EXIT=") }
    #expect(screen.contains("EXIT=0"))
    #expect(!screen.contains("t = –/"))
    #expect(try !tmux.alternateScreenIsOn())
    // The recording saw the screen open: the check in corruptCheckpointFailsBeforeAnyScreen
    // relies on it.
    let bytes = try await EndToEnd.waitForFile(output) { $0.contains("EXIT=") }
    #expect(bytes.contains("\u{1B}[?1049h"))
  }

  /// Raw mode makes Ctrl-C a key, and the viewer quits on it normally: status 0, not 130.
  @Test func ctrlCQuitsWithStatusZero() async throws {
    let tmux = try await EndToEnd.startView()
    defer { tmux.kill() }
    tmux.send("C-c")
    let screen = try await tmux.waitForScreen { $0.contains("EXIT=") }
    #expect(screen.contains("EXIT=0"))
    #expect(try !tmux.alternateScreenIsOn())
  }

  @Test(.enabled(if: EndToEnd.which("pgrep") != nil, "needs pgrep"))
  func sigtermExits143AndRestoresTheTerminal() async throws {
    let tmux = try await EndToEnd.startView()
    defer { tmux.kill() }
    let shell = try #require(Int32(try tmux.command("display", "-p", "-t", tmux.name, "#{pane_pid}").trimmed))
    let found = try EndToEnd.run(EndToEnd.which("pgrep")!, ["-P", String(shell), "-x", "ntm"])
    let pid = try #require(Int32(found.output.trimmed), "no ntm under pid \(shell): \(found.output)")
    #expect(kill(pid, SIGTERM) == 0)
    let screen = try await tmux.waitForScreen { $0.contains("EXIT=") }
    #expect(screen.contains("EXIT=143"))
    #expect(try !tmux.alternateScreenIsOn())
  }

  @Test func tooSmallAsksToEnlargeThenShowsTheLayout() async throws {
    let tmux = try await EndToEnd.startView(width: 60, height: 20, waitFor: "Enlarge the terminal")
    defer { tmux.kill() }
    #expect(try !tmux.screen().contains("Memory"))
    try tmux.resize(width: 120, height: 40)
    try await tmux.waitForScreen { $0.contains("┌─ Memory before step 0") && $0.contains("t = –/") }
  }

  @Test func withoutATerminalItPointsToTraceAndWritesNoEscapes() throws {
    let out = EndToEnd.temporaryFile("out.txt")
    defer { EndToEnd.removeTemporary(out) }
    let result = try EndToEnd.run(EndToEnd.binary.path, ["view"], stdin: "/dev/null", stdout: .file(out.path))
    #expect(result.status == 2)
    #expect(result.error.contains("ntm trace"))
    let written = try String(contentsOf: out, encoding: .utf8)
    #expect(!written.contains("\u{1B}"))
  }

  @Test func corruptCheckpointFailsBeforeAnyScreen() async throws {
    let checkpoint = EndToEnd.temporaryFile("corrupt.safetensors")
    defer { EndToEnd.removeTemporary(checkpoint) }
    try Data((0..<64).map { UInt8(($0 * 37 + 11) % 256) }).write(to: checkpoint)
    let output = EndToEnd.temporaryFile("pane-output.txt")
    defer { EndToEnd.removeTemporary(output) }
    let tmux = try await EndToEnd.startView(
      arguments: ["--checkpoint", checkpoint.path], recordingTo: output, waitFor: "EXIT=")
    defer { tmux.kill() }
    let screen = try tmux.screen()
    #expect(screen.contains("corrupt.safetensors"))
    let status = screen.split(separator: "\n").first { $0.hasPrefix("EXIT=") }.flatMap {
      Int(String($0.dropFirst(5)).trimmed)
    }
    #expect(status != nil && status != 0)
    #expect(try !tmux.alternateScreenIsOn())
    // Nothing but plain text reached the terminal: no screen was opened and closed.
    let bytes = try await EndToEnd.waitForFile(output) { $0.contains("EXIT=") }
    #expect(bytes.contains("corrupt.safetensors"))
    #expect(!bytes.contains("\u{1B}"))
  }
}

/// Locating the binary and tmux, running processes, and tmux sessions on private servers.
enum EndToEnd {
  static let packageRoot = URL(fileURLWithPath: #filePath)
    .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
  static let binary = packageRoot.appendingPathComponent(".build/debug/ntm")
  static let tmuxPath = which("tmux")

  static var isAvailable: Bool {
    tmuxPath != nil && FileManager.default.isExecutableFile(atPath: binary.path)
  }

  static func which(_ name: String) -> String? {
    let path = ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin"
    return path.split(separator: ":").map { "\($0)/\(name)" }.first {
      FileManager.default.isExecutableFile(atPath: $0)
    }
  }

  /// A fresh path in a directory of its own under the system's temporary directory; remove
  /// it with `removeTemporary`.
  static func temporaryFile(_ name: String) -> URL {
    let directory = FileManager.default.temporaryDirectory
      .appendingPathComponent("ntm-e2e-\(getpid())-\(UUID().uuidString.prefix(8))")
    try? FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
    return directory.appendingPathComponent(name)
  }

  static func removeTemporary(_ file: URL) {
    try? FileManager.default.removeItem(at: file.deletingLastPathComponent())
  }

  struct Result {
    var status: Int32
    var output: String
    var error: String
  }

  /// Where a child's standard output or error goes.
  enum Output {
    case capture, discard
    case file(String)
  }

  /// Runs a program to completion with `posix_spawn` and `waitpid`. (Foundation's `Process`
  /// missed a tmux client's exit here and waited forever on the zombie.) Standard input comes from
  /// `stdin`; pipes are close-on-exec, so a daemon started by the child (the tmux server)
  /// holds none of them open.
  @discardableResult
  static func run(
    _ executable: String, _ arguments: [String], stdin: String = "/dev/null", stdout: Output = .capture,
    stderr: Output = .capture
  ) throws -> Result {
    #if canImport(Glibc)
      var actions = posix_spawn_file_actions_t()
    #else
      var actions: posix_spawn_file_actions_t?
    #endif
    posix_spawn_file_actions_init(&actions)
    defer { posix_spawn_file_actions_destroy(&actions) }
    posix_spawn_file_actions_addopen(&actions, 0, stdin, O_RDONLY, 0)
    var readEnds: [Int32: Int32] = [:]  // by the child's fd
    var writeEnds: [Int32] = []
    for (fd, output) in [(Int32(1), stdout), (Int32(2), stderr)] {
      switch output {
      case .capture:
        var ends: [Int32] = [-1, -1]
        guard pipe(&ends) == 0 else { throw SpawnError(what: "pipe") }
        for end in ends { _ = fcntl(end, F_SETFD, FD_CLOEXEC) }
        posix_spawn_file_actions_adddup2(&actions, ends[1], fd)
        readEnds[fd] = ends[0]
        writeEnds.append(ends[1])
      case .discard:
        posix_spawn_file_actions_addopen(&actions, fd, "/dev/null", O_WRONLY, 0)
      case .file(let path):
        posix_spawn_file_actions_addopen(&actions, fd, path, O_WRONLY | O_CREAT | O_TRUNC, 0o644)
      }
    }
    let argv: [UnsafeMutablePointer<CChar>?] = ([executable] + arguments).map { strdup($0) } + [nil]
    let environment = ProcessInfo.processInfo.environment.map { "\($0)=\($1)" }
    let envp: [UnsafeMutablePointer<CChar>?] = environment.map { strdup($0) } + [nil]
    defer { for p in argv + envp { free(p) } }
    // The child starts with no signal blocked and the usual ones at their defaults. Test
    // threads block most signals, and a child inherits that mask: a tmux server started with
    // it never sees the SIGTERM of `kill-server`, and stays.
    #if canImport(Glibc)
      var attributes = posix_spawnattr_t()
    #else
      var attributes: posix_spawnattr_t?
    #endif
    posix_spawnattr_init(&attributes)
    defer { posix_spawnattr_destroy(&attributes) }
    var none = sigset_t()
    sigemptyset(&none)
    posix_spawnattr_setsigmask(&attributes, &none)
    var defaults = sigset_t()
    sigemptyset(&defaults)
    for signal in [SIGHUP, SIGINT, SIGQUIT, SIGTERM, SIGPIPE, SIGCHLD] { sigaddset(&defaults, signal) }
    posix_spawnattr_setsigdefault(&attributes, &defaults)
    posix_spawnattr_setflags(&attributes, Int16(POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETSIGDEF))
    var pid: pid_t = 0
    let spawned = posix_spawn(&pid, executable, &actions, &attributes, argv, envp)
    for end in writeEnds { close(end) }
    guard spawned == 0 else {
      for end in readEnds.values { close(end) }
      throw SpawnError(what: "posix_spawn \(executable): error \(spawned)")
    }
    func drain(_ fd: Int32?) -> String {
      guard let fd else { return "" }
      defer { close(fd) }
      var data: [UInt8] = []
      var buffer = [UInt8](repeating: 0, count: 4096)
      while true {
        let n = read(fd, &buffer, buffer.count)
        if n > 0 {
          data += buffer[0..<n]
        } else if n < 0 && errno == EINTR {
          continue
        } else {
          break
        }
      }
      return String(decoding: data, as: UTF8.self)
    }
    // Small outputs: reading one pipe to its end before the other cannot fill a pipe buffer.
    let output = drain(readEnds[1])
    let error = drain(readEnds[2])
    var status: Int32 = 0
    while waitpid(pid, &status, 0) < 0 {
      guard errno == EINTR else { throw SpawnError(what: "waitpid") }
    }
    // Exited: the high byte; killed by a signal: 128 + signal, as a shell reports it.
    let code = status & 0x7f == 0 ? (status >> 8) & 0xff : 128 + (status & 0x7f)
    return Result(status: code, output: output, error: error)
  }

  struct SpawnError: Error {
    var what: String
  }

  /// Runs `work` on a thread of its own and waits for it without holding a thread of the
  /// cooperative pool: a minute of blocking child processes there (one per core on this machine)
  /// would stall the tests in tmux that poll their screens beside it.
  static func onOwnThread<T: Sendable>(_ work: @escaping @Sendable () throws -> T) async throws -> T {
    try await withCheckedThrowingContinuation { continuation in
      Thread { continuation.resume(with: Swift.Result { try work() }) }.start()
    }
  }

  /// `ntm view` in a new tmux session of the given size, once `waitFor` shows on its screen.
  /// The shell prints `EXIT=<status>` when ntm ends, and the pane then stays until `kill()`: a
  /// test's polling can be held up for seconds on two busy cores (the cooperative pool has a
  /// thread per core, and other tests block theirs on child processes), and a pane that closed
  /// a few seconds after ntm ended took its server, and the screen the test waited for, with it. With `recordingTo`, every byte the pane
  /// receives is appended to that file (`pipe-pane`), from before ntm starts. `environment` is
  /// prepended to ntm's command line (`NAME=value …`).
  static func startView(
    _ subcommand: String = "view", arguments: [String] = [], width: Int = 120, height: Int = 40,
    recordingTo recording: URL? = nil, environment: String = "", waitFor expected: String = "t = –/"
  ) async throws -> TmuxSession {
    let quoted = ([binary.path, subcommand] + arguments).map { "'" + $0 + "'" }.joined(separator: " ")
    let gate = recording == nil ? "" : "read _; "
    // `swift test` sets NO_COLOR, and LC_ALL would override LANG: the pane gets neither.
    let script =
      "\(gate)unset NO_COLOR LC_ALL LC_CTYPE; TERM=xterm-256color LANG=C.UTF-8 \(environment) \(quoted); echo EXIT=$?; sleep 600"
    let tmux = try TmuxSession(width: width, height: height, command: ["/bin/sh", "-c", script])
    if let recording {
      try tmux.command("pipe-pane", "-t", tmux.name, "cat >> '\(recording.path)'")
      tmux.send("Enter")
    }
    do {
      try await tmux.waitForScreen { $0.contains(expected) }
    } catch {
      tmux.kill()
      throw error
    }
    return tmux
  }

  /// The file's content once `condition` holds (polled like the screen).
  static func waitForFile(
    _ url: URL, timeout: Duration = .seconds(30), _ condition: (String) -> Bool
  ) async throws -> String {
    let deadline = ContinuousClock.now + timeout
    let minimumPolls = Int(timeout / .milliseconds(300))
    var polls = 0
    while true {
      let text = (try? Data(contentsOf: url)).map { String(decoding: $0, as: UTF8.self) } ?? ""
      polls += 1
      if condition(text) { return text }
      guard ContinuousClock.now < deadline || polls < minimumPolls else {
        Issue.record("timed out waiting for \(url.lastPathComponent); it holds: \(text.debugDescription)")
        throw TimeoutError()
      }
      try await Task.sleep(for: .milliseconds(100))
    }
  }

  struct TimeoutError: Error {}
}

/// One tmux session on a server of its own.
final class TmuxSession: Sendable {
  let socket: String
  let name: String
  /// The server's socket file, which tmux leaves behind when killed.
  let socketPath: String?

  init(width: Int, height: Int, command: [String]) throws {
    let unique = "\(getpid())-\(UUID().uuidString.prefix(8))"
    socket = "ntm-e2e-\(unique)"
    name = "view-\(unique)"
    // The server outlives this call: give it no pipes to hold open.
    let result = try EndToEnd.run(
      EndToEnd.tmuxPath!,
      ["-L", socket, "-f", "/dev/null", "new-session", "-d", "-s", name, "-x", "\(width)", "-y", "\(height)"]
        + command, stdout: .discard, stderr: .discard)
    guard result.status == 0 else { throw EndToEnd.SpawnError(what: "tmux new-session: \(result.status)") }
    socketPath = try? EndToEnd.run(EndToEnd.tmuxPath!, ["-L", socket, "display", "-p", "#{socket_path}"])
      .output
      .trimmed
  }

  /// Runs a tmux command against this session's server and returns its output.
  @discardableResult
  func command(_ arguments: String...) throws -> String {
    let result = try EndToEnd.run(EndToEnd.tmuxPath!, ["-L", socket] + arguments)
    guard result.status == 0 else {
      throw EndToEnd.SpawnError(what: "tmux \(arguments.first ?? ""): exit \(result.status): \(result.error)")
    }
    return result.output
  }

  func send(_ keys: String...) {
    _ = try? EndToEnd.run(EndToEnd.tmuxPath!, ["-L", socket, "send-keys", "-t", name] + keys)
  }

  func screen() throws -> String { try command("capture-pane", "-p", "-t", name) }

  func resize(width: Int, height: Int) throws {
    try command("resize-window", "-t", name, "-x", "\(width)", "-y", "\(height)")
  }

  func alternateScreenIsOn() throws -> Bool {
    try command("display", "-p", "-t", name, "#{alternate_on}").trimmed == "1"
  }

  /// The screen once `condition` holds, polled every 100 ms for up to `timeout` and at least
  /// `timeout / 300 ms` times. (On 2 cores the other suites' blocking work can hold every
  /// thread of the pool for many seconds, so that a wait on the clock alone ends after a few
  /// polls; the number of polls keeps the screen watched for as long as it needs.)
  @discardableResult
  func waitForScreen(
    timeout: Duration = .seconds(30), sourceLocation: SourceLocation = #_sourceLocation,
    _ condition: (String) -> Bool
  ) async throws -> String {
    let deadline = ContinuousClock.now + timeout
    let minimumPolls = Int(timeout / .milliseconds(300))
    var polls = 0
    while true {
      let text = try screen()
      polls += 1
      if condition(text) { return text }
      guard ContinuousClock.now < deadline || polls < minimumPolls else {
        Issue.record("timed out; the screen shows:\n\(text)", sourceLocation: sourceLocation)
        throw EndToEnd.TimeoutError()
      }
      try await Task.sleep(for: .milliseconds(100))
    }
  }

  /// Ends the session's server, and with it ntm if it still runs (tmux hangs up its pane).
  func kill() {
    _ = try? EndToEnd.run(
      EndToEnd.tmuxPath!, ["-L", socket, "kill-server"], stdout: .discard, stderr: .discard)
    if let socketPath, socketPath.contains(socket) { unlink(socketPath) }
  }
}

extension String {
  var trimmed: String { trimmingCharacters(in: .whitespacesAndNewlines) }
}
