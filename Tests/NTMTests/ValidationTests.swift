import Foundation
import Testing

@testable import NTM

/// The validation layer: ranges of settings, task sizes bounded by `Limits.steps`, resource
/// estimates in overflow-checked arithmetic, and text made safe for a terminal.
@Suite("Validation")
struct ValidationTests {
  static let tasks: [any TaskGenerator] = TaskName.allCases.map { try! $0.make() }

  @Test("every task's largest size fits in Limits.steps, and the next would not")
  func sizesAreBoundedBySteps() throws {
    for task in Self.tasks {
      let top = task.validSizes.upperBound
      #expect(task.maximumSteps(size: top) <= Limits.steps.upperBound, "\(task.name)")
      // Priority sort's bound assumes every input is asked for again (2N + 1), more than it is.
      if !(task is PrioritySortTask) {
        #expect(task.maximumSteps(size: top + 1) > Limits.steps.upperBound, "\(task.name)")
      }
      var rng = SeededGenerator(seed: 1)
      let episode = task.episode(size: task.trainingSizes.upperBound, using: &rng)
      #expect(episode.length <= task.maximumSteps(size: task.trainingSizes.upperBound), "\(task.name)")
    }
  }

  @Test("a training range beyond the task's sizes is refused, naming the parameter")
  func hugeTaskParametersAreRefused() throws {
    let cases: [(TaskName, [String: String], String)] = [
      (.copy, ["maxLength": String(Int.max)], "maxLength"),
      (.repeatCopy, ["maxRepeats": String(Int.max)], "maxRepeats"),
      (.repeatCopy, ["maxRepeats": "1000", "maxLength": "1000"], "maxLength"),
      (.associativeRecall, ["maxItems": String(Int.max - 1)], "maxItems"),
      (.dynamicNGrams, ["maxLength": "100001", "minLength": "1"], "maxLength"),
      (.prioritySort, ["maxInputs": String(Int.max)], "maxInputs"),
      (.balancedParentheses, ["maxLength": String(Int.max)], "maxLength"),
    ]
    for (task, parameters, name) in cases {
      let error = #expect(throws: TaskError.self) { try task.make(parameters: parameters) }
      #expect(error.map { "\($0)" }?.contains(name) == true, "\(task): \(String(describing: error))")
    }
  }

  @Test("training settings out of range are refused, naming the field")
  func settingsRanges() {
    let cases: [(String, (inout TrainingSettings) -> Void)] = [
      ("batch size 0", { $0.batchSize = 0 }),
      ("batch size 4097", { $0.batchSize = 4_097 }),
      ("threads -1", { $0.threads = -1 }),
      ("validation sequences 0", { $0.validationSequences = 0 }),
      ("learning rate 0.0", { $0.optimizer.learningRate = 0 }),
      ("learning rate nan", { $0.optimizer.learningRate = .nan }),
      ("learning rate inf", { $0.optimizer.learningRate = .infinity }),
      ("epsilon 0.0", { $0.optimizer.epsilon = 0 }),
      ("epsilon 1e-50", { $0.optimizer.epsilon = 1e-50 }),
      ("decay 1.0", { $0.optimizer.decay = 1 }),
      ("momentum -0.5", { $0.optimizer.momentum = -0.5 }),
      ("clip value 0.0", { $0.optimizer.clipValue = 0 }),
      ("clip norm nan", { $0.optimizer.clipNorm = .nan }),
      ("clip norm inf", { $0.optimizer.clipNorm = .infinity }),
    ]
    for (fragment, change) in cases {
      var settings = TrainingSettings()
      change(&settings)
      let error = #expect(throws: ValueError.self) { try settings.validate() }
      #expect(error?.description.hasPrefix(fragment) == true, "\(fragment): \(String(describing: error))")
    }
    #expect(throws: Never.self) { try TrainingSettings().validate() }
    #expect(throws: Never.self) { try OptimizerSettings(kind: .rmsprop).validate() }
  }

  @Test("stop conditions out of range are refused")
  func stopConditions() {
    #expect(throws: ValueError.self) { try StopConditions(maxSequences: 0).validate() }
    #expect(throws: ValueError.self) { try StopConditions(maxSeconds: .nan).validate() }
    #expect(throws: ValueError.self) { try StopConditions(untilBitErrors: -1).validate() }
    #expect(throws: Never.self) {
      try StopConditions(maxSequences: 1, maxSeconds: 1, untilBitErrors: 0.1).validate()
    }
  }

  @Test("resource estimates: the default machine fits, huge runs are refused before allocating")
  func footprint() throws {
    let c = Configuration(inputWidth: 9, outputWidth: 8)
    let step = try #require(Footprint.stepBytes(.ntm(c)))
    // Two copies of the 128 × 20 memory alone are 20 KiB.
    #expect(step > 20_480 && step < 100_000, "\(step)")
    try Footprint.checkRun(.ntm(c), steps: 241, field: "--length", value: "120")
    let error = #expect(throws: ValueError.self) {
      try Footprint.checkRun(.ntm(c), steps: 100_000, field: "--length", value: "49999")
    }
    #expect(
      error?.description.contains("--length 49999: a run of 100000 steps") == true,
      "\(String(describing: error))")
    #expect(error?.description.contains("the limit is 2.0 GiB") == true)
    // Overflow is reported, not trapped.
    #expect(throws: ValueError.self) {
      try Footprint.checkTrace(.ntm(c), steps: Int.max, field: "x", value: "y")
    }
    var settings = TrainingSettings()
    try Footprint.checkTraining(.ntm(c), task: try CopyTask(), settings: settings)
    settings.batchSize = 4_096
    var wide = c
    wide.controller = .lstm(layers: 2, size: 1_000)
    #expect(throws: ValueError.self) {
      try Footprint.checkTraining(.ntm(wide), task: try CopyTask(), settings: settings)
    }
  }

  @Test("checked arithmetic answers nil on overflow")
  func checked() {
    #expect(Checked.product(3, 4, 5) == 60)
    #expect(Checked.product(Int.max, 2) == nil)
    #expect(Checked.product(nil, 0) == nil)
    #expect(Checked.sum(Int.max, 1) == nil)
    #expect(Checked.sum(Int.min, -1) == nil)
    #expect(Checked.sum(1, 2, 3) == 6)
    #expect(Checked.describe(nil).contains("more than"))
  }

  @Test("text from files reaches a terminal with its control characters escaped")
  func printableText() {
    #expect(PrintableText.escaped("copy\u{1B}]0;pwned\u{07}") == "copy\\u{1b}]0;pwned\\u{7}")
    #expect(PrintableText.escaped("a\u{9B}b\u{202E}c\u{7F}") == "a\\u{9b}b\\u{202e}c\\u{7f}")
    #expect(PrintableText.escaped("128 × 20 … é") == "128 × 20 … é")
    #expect(PrintableText.escaped(String(repeating: "x", count: 100), limit: 3) == "xxx…")
    #expect(PrintableText.escapedLines("one\n\u{1B}[2J") == "one\n\\u{1b}[2J")
    #expect(PrintableText.isPrintable("copy"))
    #expect(!PrintableText.isPrintable("\r"))
  }
}
