import Foundation
import Testing

/// The end-to-end suites skip when tmux or the built binary is missing. A skip is easy to miss
/// among hundreds of passing tests, so this test says it out loud: a warning in the summary on
/// a developer's machine, and a failure under CI (`CI` set), where `.ci/run` installs tmux and
/// builds first, so a skip there means the suites silently stopped running.
@Test("The end-to-end suites can run (tmux and .build/debug/ntm present)")
func endToEndSuitesCanRun() {
  var missing: [String] = []
  if EndToEnd.tmuxPath == nil {
    missing.append("tmux is not on the PATH (Debian/Ubuntu: apt-get install tmux; macOS: brew install tmux)")
  }
  if !FileManager.default.isExecutableFile(atPath: EndToEnd.binary.path) {
    missing.append("\(EndToEnd.binary.path) is not built (run swift build first)")
  }
  guard !missing.isEmpty else { return }
  let underCI = !(ProcessInfo.processInfo.environment["CI"] ?? "").isEmpty
  Issue.record(
    "END-TO-END TESTS SKIPPED: \(missing.joined(separator: "; ")).",
    severity: underCI ? .error : .warning)
}
