import Foundation
import Testing

/// The real `ntm playground` in a real terminal: tmux runs the built binary headless, keys are
/// sent with `send-keys` and the screen read with `capture-pane`. Enabled only where tmux and
/// `.build/debug/ntm` exist (build first: `swift build`). Each test uses its own tmux server
/// (`-L`), so it never touches anyone else's sessions.
enum EndToEnd {
  static let packageRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
    .deletingLastPathComponent().deletingLastPathComponent()
  static let binary = packageRoot.appendingPathComponent(".build/debug/ntm").path
  static let tmux: String? = ["/usr/bin/tmux", "/usr/local/bin/tmux", "/opt/homebrew/bin/tmux"].first {
    FileManager.default.isExecutableFile(atPath: $0)
  }
  static var available: Bool { tmux != nil && FileManager.default.isExecutableFile(atPath: binary) }
}

/// Runs a program and waits for it, with every signal unblocked and at its default action in
/// the child. (Foundation's `Process` would pass on the caller's signal mask, and the test
/// runner's threads block SIGINT, SIGTERM and SIGHUP: a tmux server started that way, and every
/// program in its panes, would never receive them.)
enum Spawn {
  struct Result {
    var status: Int32
    var output: String
  }

  static func run(_ path: String, _ arguments: [String], captureOutput: Bool = true) throws -> Result {
    #if canImport(Darwin)
      var actions: posix_spawn_file_actions_t? = nil
      var attributes: posix_spawnattr_t? = nil
    #else
      var actions = posix_spawn_file_actions_t()
      var attributes = posix_spawnattr_t()
    #endif
    posix_spawn_file_actions_init(&actions)
    defer { posix_spawn_file_actions_destroy(&actions) }
    posix_spawnattr_init(&attributes)
    defer { posix_spawnattr_destroy(&attributes) }
    var noSignals = sigset_t()
    sigemptyset(&noSignals)
    var allSignals = sigset_t()
    sigfillset(&allSignals)
    posix_spawnattr_setsigmask(&attributes, &noSignals)
    posix_spawnattr_setsigdefault(&attributes, &allSignals)
    posix_spawnattr_setflags(&attributes, Int16(POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETSIGDEF))

    var fds: [Int32] = [-1, -1]
    if captureOutput {
      guard pipe(&fds) == 0 else { throw SpawnError(what: "pipe") }
      posix_spawn_file_actions_adddup2(&actions, fds[1], 1)
      posix_spawn_file_actions_addclose(&actions, fds[0])
      posix_spawn_file_actions_addclose(&actions, fds[1])
    } else {
      posix_spawn_file_actions_addopen(&actions, 1, "/dev/null", O_WRONLY, 0)
    }
    posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
    posix_spawn_file_actions_addopen(&actions, 2, "/dev/null", O_WRONLY, 0)

    let argv = ([path] + arguments).map { strdup($0) } + [nil]
    defer { argv.forEach { free($0) } }
    let envp = ProcessInfo.processInfo.environment.map { strdup("\($0.key)=\($0.value)") } + [nil]
    defer { envp.forEach { free($0) } }
    var pid: pid_t = 0
    let spawned = posix_spawn(&pid, path, &actions, &attributes, argv, envp)
    if captureOutput { close(fds[1]) }
    guard spawned == 0 else {
      if captureOutput { close(fds[0]) }
      throw SpawnError(what: "posix_spawn \(path): \(spawned)")
    }
    var output: [UInt8] = []
    if captureOutput {
      var buffer = [UInt8](repeating: 0, count: 4096)
      while true {
        let n = read(fds[0], &buffer, buffer.count)
        if n <= 0 { break }
        output += buffer[0..<n]
      }
      close(fds[0])
    }
    var status: Int32 = 0
    while waitpid(pid, &status, 0) == -1 && errno == EINTR {}
    let exited = status & 0x7F == 0
    return Result(
      status: exited ? (status >> 8) & 0xFF : 128 + (status & 0x7F),
      output: String(decoding: output, as: UTF8.self))
  }
}

struct SpawnError: Error {
  var what: String
}

/// One tmux server with one 120×40 session running a command.
final class TmuxSession {
  let socket: String
  let name = "ntm"

  init(_ command: String, label: String, width: Int = 120, height: Int = 40) throws {
    socket = "ntm-test-\(getpid())-\(label)"
    let shell = "TERM=xterm-256color LANG=C.UTF-8 \(command); echo EXIT=$?; sleep 60"
    // The server outlives this call: give it no pipe to hold open.
    _ = try Spawn.run(
      EndToEnd.tmux!,
      ["-L", socket, "new-session", "-d", "-s", name, "-x", "\(width)", "-y", "\(height)", shell],
      captureOutput: false)
  }

  deinit {
    let path = (try? tmux(["display", "-p", "#{socket_path}"]))?.trimmingCharacters(
      in: .whitespacesAndNewlines)
    _ = try? tmux(["kill-server"])
    if let path, !path.isEmpty { unlink(path) }
  }

  @discardableResult
  func tmux(_ arguments: [String]) throws -> String {
    try Spawn.run(EndToEnd.tmux!, ["-L", socket] + arguments).output
  }

  func send(_ keys: String...) throws { try tmux(["send-keys", "-t", name] + keys) }
  func screen() throws -> String { try tmux(["capture-pane", "-p", "-t", name]) }
  func alternateScreenIsOn() throws -> Bool {
    try tmux(["display", "-p", "-t", name, "#{alternate_on}"]).trimmingCharacters(in: .whitespacesAndNewlines)
      == "1"
  }

  /// Polls the screen until `condition` holds (or 10 s pass); returns the last screen.
  @discardableResult
  func waitFor(_ condition: (String) -> Bool) throws -> String {
    let deadline = Date().addingTimeInterval(10)
    var text = try screen()
    while !condition(text) && Date() < deadline {
      usleep(50_000)
      text = try screen()
    }
    return text
  }
}

@Suite("Playground end to end", .enabled(if: EndToEnd.available), .serialized)
struct PlaygroundEndToEndTests {
  /// The "max 0.30 @5" figure at the end of the content weighting's strip.
  func shownContentMax(_ screen: String) -> Float? {
    guard let row = screen.split(separator: "\n").first(where: { $0.contains("wᶜ  content") }),
      let range = row.range(of: "max ")
    else { return nil }
    return Float(row[range.upperBound...].prefix(4))
  }

  @Test func raisingKeyStrengthSharpensTheContentWeightingOnScreen() throws {
    let session = try TmuxSession("'\(EndToEnd.binary)' playground", label: "beta")
    let first = try session.waitFor { shownContentMax($0) != nil }
    let before = try #require(shownContentMax(first), "no content weighting on screen:\n\(first)")
    #expect(try session.alternateScreenIsOn())
    #expect(first.contains("β = 2.0"))

    // Select β (↑ goes to k, ↓ back to β) and raise it two notches: 2 → 3 → 5.
    try session.send("Up", "Down", "Right", "Right")
    let after = try session.waitFor { $0.contains("β = 5.0") }
    #expect(after.contains("β = 5.0"), "β did not reach 5:\n\(after)")
    let raised = try #require(shownContentMax(after))
    #expect(raised > before)

    try session.send("q")
    let final = try session.waitFor { $0.contains("EXIT=") }
    #expect(final.contains("EXIT=0"))
    #expect(try !session.alternateScreenIsOn())
  }

  @Test func aRecordingReplaysToWhatTheTerminalShowed() throws {
    let file = FileManager.default.temporaryDirectory.appendingPathComponent("ntm-e2e-\(getpid()).cast")
    defer { try? FileManager.default.removeItem(at: file) }
    let session = try TmuxSession("'\(EndToEnd.binary)' playground --record '\(file.path)'", label: "record")
    try session.waitFor { shownContentMax($0) != nil }
    try session.send("3", "Space", "Space", "Down")
    let shown = try session.waitFor { $0.contains("head steps 2") && $0.contains("γ = 1.0") }
    usleep(300_000)  // let the last frame land
    let screen = try session.screen()
    try session.send("q")
    #expect(try session.waitFor { $0.contains("EXIT=") }.contains("EXIT=0"))

    let cast = try Asciicast(contentsOf: file)
    #expect(cast.header["width"] as? Int == 120)
    #expect(cast.header["height"] as? Int == 40)
    #expect(cast.header["title"] as? String == "ntm playground")
    let times = cast.events.map(\.time)
    #expect(zip(times, times.dropFirst()).allSatisfy { $0 <= $1 })
    let replayed = try cast.replayed().lines.map {
      $0.replacingOccurrences(of: " +$", with: "", options: .regularExpression)
    }
    let captured = screen.split(separator: "\n", omittingEmptySubsequences: false).prefix(40).map {
      String($0).replacingOccurrences(of: " +$", with: "", options: .regularExpression)
    }
    #expect(shown.contains("head steps 2"))
    #expect(Array(replayed.prefix(captured.count)) == captured)
  }

  @Test func sigtermRestoresTheTerminalAndExits143() throws {
    let file = FileManager.default.temporaryDirectory.appendingPathComponent("ntm-e2e-term-\(getpid()).cast")
    defer { try? FileManager.default.removeItem(at: file) }
    let session = try TmuxSession("'\(EndToEnd.binary)' playground --record '\(file.path)'", label: "sigterm")
    try session.waitFor { shownContentMax($0) != nil }
    let shell = try #require(
      Int32(
        session.tmux(["display", "-p", "-t", session.name, "#{pane_pid}"])
          .trimmingCharacters(in: .whitespacesAndNewlines)))
    let ntm = try #require(childProcess(of: shell, named: "ntm"))
    kill(ntm, SIGTERM)
    let screen = try session.waitFor { $0.contains("EXIT=") }
    #expect(screen.contains("EXIT=143"))
    #expect(try !session.alternateScreenIsOn())
    // The recording was closed properly on the way out.
    let cast = try Asciicast(contentsOf: file)
    #expect(cast.header["version"] as? Int == 2)
    #expect(!cast.events.isEmpty)
  }

  /// The pid of a child process of `parent` whose command name is `name`, from /proc (Linux).
  func childProcess(of parent: Int32, named name: String) -> Int32? {
    let entries = (try? FileManager.default.contentsOfDirectory(atPath: "/proc")) ?? []
    for entry in entries {
      guard let pid = Int32(entry),
        let stat = try? String(contentsOfFile: "/proc/\(entry)/stat", encoding: .utf8),
        let open = stat.firstIndex(of: "("), let close = stat.lastIndex(of: ")")
      else { continue }
      let command = stat[stat.index(after: open)..<close]
      let fields = stat[stat.index(after: close)...].split(separator: " ")
      if command == name, fields.count > 1, Int32(fields[1]) == parent { return pid }
    }
    return nil
  }

  @Test func aBadRecordingPathIsAnErrorBeforeTheScreenOpens() throws {
    let session = try TmuxSession(
      "'\(EndToEnd.binary)' playground --record /nonexistent-directory/x.cast 2>&1", label: "badpath")
    let screen = try session.waitFor { $0.contains("EXIT=") }
    #expect(screen.contains("cannot record to /nonexistent-directory/x.cast"))
    #expect(!screen.contains("EXIT=0"))
    #expect(try !session.alternateScreenIsOn())
  }
}

@Suite(
  "Playground without a terminal", .enabled(if: FileManager.default.isExecutableFile(atPath: EndToEnd.binary))
)
struct PlaygroundWithoutTerminalTests {
  @Test func refusesWithExitStatus2() throws {
    // Standard input /dev/null, standard output a pipe: not a terminal.
    let result = try Spawn.run(EndToEnd.binary, ["playground"])
    #expect(result.status == 2)
  }
}
