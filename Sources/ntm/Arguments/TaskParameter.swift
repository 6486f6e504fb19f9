import ArgumentParser

/// `--task-param KEY=VALUE`, e.g. `maxLength=10`. The task checks the name and the value.
struct TaskParameter: ExpressibleByArgument {
  var key: String
  var value: String

  init?(argument: String) {
    let parts = argument.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
    guard parts.count == 2, !parts[0].isEmpty else { return nil }
    key = String(parts[0])
    value = String(parts[1])
  }
}

extension [TaskParameter] {
  /// The parameters as the library takes them; a key given twice keeps its last value.
  var dictionary: [String: String] {
    Dictionary(map { ($0.key, $0.value) }) { $1 }
  }
}
