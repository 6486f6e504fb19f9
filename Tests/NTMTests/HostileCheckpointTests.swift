import Foundation
import Testing

@testable import NTM

/// Checkpoints that are well-formed safetensors with well-formed metadata whose values are out of
/// range or hostile: each is refused on load with a message naming the file, the field and the
/// value, so that no later command can crash on it; and no bad checkpoint is ever written.
@Suite("Hostile checkpoints")
struct HostileCheckpointTests {
  /// The sample's metadata with one JSON field of `key` replaced by a raw JSON value.
  static func editJSON(_ file: inout SafeTensors, _ key: String, _ path: [String], _ raw: String) {
    guard let text = file.metadata[key],
      var object = try? JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any]
    else { return }
    let placeholder = "\"@@VALUE@@\""
    func set(_ dictionary: inout [String: Any], _ path: ArraySlice<String>) {
      guard let first = path.first else { return }
      if path.count == 1 {
        dictionary[first] = "@@VALUE@@"
      } else {
        var inner = dictionary[first] as? [String: Any] ?? [:]
        set(&inner, path.dropFirst())
        dictionary[first] = inner
      }
    }
    set(&object, path[...])
    let data = try! JSONSerialization.data(withJSONObject: object, options: [.sortedKeys])
    file.metadata[key] = String(decoding: data, as: UTF8.self).replacingOccurrences(
      of: placeholder, with: raw)
  }

  static let cases: [(String, @Sendable (inout SafeTensors) -> Void, [String])] = [
    (
      "sequencesSeen at Int.max", { $0.metadata["sequencesSeen"] = String(Int.max) },
      ["sequencesSeen", "not a count"]
    ),
    ("updates beyond Int", { $0.metadata["updates"] = "99999999999999999999" }, ["updates", "not a count"]),
    ("optimizer step at Int.max", { $0.metadata["optimizerStep"] = String(Int.max) }, ["optimizerStep"]),
    ("NaN seconds", { $0.metadata["trainingSeconds"] = "nan" }, ["trainingSeconds", "'nan'"]),
    ("negative seconds", { $0.metadata["trainingSeconds"] = "-1" }, ["trainingSeconds", "'-1'"]),
    ("infinite validation", { $0.metadata["validationBits"] = "inf" }, ["validationBits", "'inf'"]),
    ("negative batch", { editJSON(&$0, "training", ["batchSize"], "-4") }, ["batch size -4"]),
    ("zero batch", { editJSON(&$0, "training", ["batchSize"], "0") }, ["batch size 0"]),
    ("huge batch", { editJSON(&$0, "training", ["batchSize"], String(Int.max)) }, ["batch size"]),
    (
      "negative validation count", { editJSON(&$0, "training", ["validationSequences"], "-1") },
      ["validation sequences -1"]
    ),
    ("zero threads", { editJSON(&$0, "training", ["threads"], "0") }, ["threads 0"]),
    ("epsilon 0", { editJSON(&$0, "training", ["optimizer", "epsilon"], "0") }, ["epsilon 0"]),
    (
      "negative learning rate", { editJSON(&$0, "training", ["optimizer", "learningRate"], "-1") },
      ["learning rate -1"]
    ),
    ("clip norm 0", { editJSON(&$0, "training", ["optimizer", "clipNorm"], "0") }, ["clip norm 0"]),
    ("momentum 1", { editJSON(&$0, "training", ["optimizer", "momentum"], "1") }, ["momentum 1"]),
    (
      "overflowing rate", { editJSON(&$0, "training", ["optimizer", "learningRate"], "1e999") }, ["training"]
    ),
    ("no read heads", { editJSON(&$0, "configuration", ["readHeads"], "0") }, ["read heads 0"]),
    ("no write heads", { editJSON(&$0, "configuration", ["writeHeads"], "0") }, ["write heads 0"]),
    (
      "huge memory", { editJSON(&$0, "configuration", ["memoryLocations"], "999999999") },
      ["memory locations N 999999999"]
    ),
    (
      "shift window spanning Int",
      { editJSON(&$0, "configuration", ["shifts"], "[-9223372036854775807,9223372036854775807]") },
      ["shift window", "more than"]
    ),
    (
      "shift window to Int.max", { editJSON(&$0, "configuration", ["shifts"], "[0,9223372036854775807]") },
      ["shift window", "more than"]
    ),
    ("reversed shift window", { editJSON(&$0, "configuration", ["shifts"], "[3,1]") }, ["configuration"]),
    (
      "huge controller", { editJSON(&$0, "configuration", ["controller"], "\"lstm:100000\"") },
      ["lstm:100000", "4096"]
    ),
    (
      "maxLength at Int.max",
      { $0.metadata["taskParameters"] = "{\"maxLength\":\"\(Int.max)\",\"vectorWidth\":\"2\"}" },
      ["maxLength", "\(Int.max)"]
    ),
    (
      "negative minLength", { $0.metadata["taskParameters"] = #"{"minLength":"-1","vectorWidth":"2"}"# },
      ["minLength"]
    ),
    (
      "escape in the task name", { $0.metadata["task"] = "\u{1B}]0;pwned\u{07}copy" },
      ["unknown task", "\\u{1b}"]
    ),
    (
      "escape in a task parameter",
      { $0.metadata["taskParameters"] = #"{"\u001b[2Jx":"1","vectorWidth":"2"}"# },
      ["no parameter", "\\u{1b}"]
    ),
    ("escape in the format", { $0.metadata["format"] = "\u{1B}[31mred" }, ["not an NTM checkpoint"]),
  ]

  @Test("out-of-range and hostile metadata is refused, naming the field", arguments: cases.indices)
  func refused(_ index: Int) throws {
    let (label, damage, fragments) = Self.cases[index]
    var file = CheckpointTests.sample().safeTensors()
    damage(&file)
    let data = try file.encoded()
    let error = #expect(throws: (any Error).self, "\(label)") {
      try Checkpoint(
        try SafeTensors(data: data, source: "hostile.safetensors"), source: "hostile.safetensors")
    }
    let message = error.map { "\($0)" } ?? ""
    #expect(message.hasPrefix("hostile.safetensors: "), "\(label): \(message)")
    for fragment in fragments {
      #expect(message.contains(fragment), "\(label): '\(message)' does not mention '\(fragment)'")
    }
    #expect(
      PrintableText.isPrintable(message), "\(label): control characters in '\(message.debugDescription)'")
  }

  @Test("task parameters come back in their normal form, not as the file spelled them")
  func taskParametersAreNormalised() throws {
    var file = CheckpointTests.sample().safeTensors()
    file.metadata["taskParameters"] = #"{"vectorWidth":" 2","maxLength":"3"}"#
    let loaded = try Checkpoint(file, source: "spaces.safetensors")
    #expect(loaded.taskParameters == ["vectorWidth": "2", "minLength": "1", "maxLength": "3"])
  }

  @Test("a checkpoint that would not load back is not written, and the file keeps its model")
  func badCheckpointsAreNotWritten() throws {
    let directory = try CheckpointTests.temporaryDirectory()
    defer { try? FileManager.default.removeItem(at: directory) }
    let url = directory.appendingPathComponent("good.safetensors")
    try CheckpointTests.sample().write(to: url)
    let before = try Data(contentsOf: url)

    var infinite = CheckpointTests.sample()
    infinite.parameters.values[5] = .infinity
    let error = #expect(throws: CheckpointError.self) { try infinite.write(to: url) }
    #expect(error?.problem.contains("would not load back") == true, "\(String(describing: error))")
    #expect(error?.problem.contains("non-finite") == true, "\(String(describing: error))")

    var unstable = CheckpointTests.sample()
    unstable.training?.optimizer.clipNorm = .nan
    #expect(throws: CheckpointError.self) { try unstable.write(to: url) }

    var negative = CheckpointTests.sample()
    negative.training?.batchSize = -1
    #expect(throws: CheckpointError.self) { try negative.write(to: url) }

    #expect(try Data(contentsOf: url) == before)
    #expect(try FileManager.default.contentsOfDirectory(atPath: directory.path) == ["good.safetensors"])
  }
}
