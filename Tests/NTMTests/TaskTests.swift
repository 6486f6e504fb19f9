import Foundation
import Testing

@testable import NTM

/// Every task with its default (the paper's) parameters.
private func defaultTasks() throws -> [any TaskGenerator] {
  try TaskName.allCases.map { try $0.make() }
}

/// The value of the size knob, read back from an episode's structure rather than its length
/// formula, so that a test of `episode(size:)` checks what the machine actually sees.
private func observedSize(of episode: Episode, task: any TaskGenerator) -> Int {
  let inputSteps = episode.phases.filter { $0 == .input }.count
  switch TaskName(rawValue: task.name)! {
  case .copy, .repeatCopy, .prioritySort: return inputSteps
  case .associativeRecall:
    let recall = task as! AssociativeRecallTask
    return episode.inputs.filter { $0[recall.itemDelimiterChannel] == 1 }.count
  case .dynamicNGrams, .balancedParentheses: return episode.length
  case .memoryReuse: return episode.phases.filter { $0 == .delimiter }.count
  }
}

private func isZero(_ vector: [Float]) -> Bool { vector.allSatisfy { $0 == 0 } }

@Suite("Tasks")
struct TaskTests {
  // MARK: Every task

  @Test("names, widths and parameters round-trip through makeTask")
  func namesAndRoundTrip() throws {
    let tasks = try defaultTasks()
    #expect(tasks.map(\.name) == TaskName.allNames)
    #expect(
      TaskName.allNames == [
        "copy", "repeat-copy", "associative-recall", "dynamic-ngrams", "priority-sort",
        "balanced-parentheses", "memory-reuse",
      ])
    let widths = tasks.map { [$0.inputWidth, $0.outputWidth] }
    #expect(widths == [[9, 8], [10, 9], [8, 6], [1, 1], [10, 8], [2, 1], [9, 8]])
    #expect(tasks.map(\.sizeName) == ["length", "length", "items", "length", "inputs", "length", "rounds"])
    #expect(tasks.map(\.trainingSizes) == [1...20, 1...10, 2...6, 200...200, 20...20, 2...20, 1...4])
    #expect(tasks[0].evaluationSizes == [10, 20, 30, 50, 80, 120])
    #expect(tasks[2].evaluationSizes == [2, 4, 6, 8, 10, 12, 15])
    #expect(tasks[0].parameters == ["vectorWidth": "8", "minLength": "1", "maxLength": "20"])
    for task in tasks {
      let rebuilt = try makeTask(named: task.name, parameters: task.parameters)
      #expect(rebuilt.parameters == task.parameters)
    }
    let custom = try makeTask(named: "repeat-copy", parameters: ["vectorWidth": "4", "maxRepeats": "20"])
    #expect(custom.inputWidth == 6 && custom.outputWidth == 5)
    #expect(custom.parameters["maxRepeats"] == "20")
    let narrowCopy = try makeTask(named: "copy", parameters: ["vectorWidth": "4", "maxLength": "5"])
    #expect(narrowCopy.inputWidth == 5 && narrowCopy.trainingSizes == 1...5)
  }

  @Test("every episode is well formed: widths, counts, zero targets off the scored steps")
  func shapes() throws {
    var rng = SeededGenerator(seed: 1)
    for task in try defaultTasks() {
      for _ in 0..<30 {
        let episode = task.episode(using: &rng)
        #expect(episode.targets.count == episode.length)
        #expect(episode.scored.count == episode.length)
        #expect(episode.phases.count == episode.length)
        #expect(episode.inputs.allSatisfy { $0.count == task.inputWidth })
        #expect(episode.targets.allSatisfy { $0.count == task.outputWidth })
        #expect(episode.scoredCount > 0)
        for t in 0..<episode.length where !episode.scored[t] {
          #expect(isZero(episode.targets[t]), "\(task.name) step \(t)")
        }
        for t in 0..<episode.length where episode.phases[t] != .output {
          #expect(!episode.scored[t], "\(task.name) step \(t) is scored outside the output phase")
        }
        #expect(task.trainingSizes.contains(observedSize(of: episode, task: task)))
      }
    }
  }

  @Test("episode(size:) honours the size, at training and evaluation sizes")
  func sizesHonoured() throws {
    var rng = SeededGenerator(seed: 2)
    for task in try defaultTasks() {
      let sizes = Set(task.evaluationSizes + [task.trainingSizes.lowerBound, task.trainingSizes.upperBound])
      for size in sizes.sorted() {
        let episode = task.episode(size: size, using: &rng)
        #expect(observedSize(of: episode, task: task) == size, "\(task.name) size \(size)")
      }
    }
  }

  @Test("training draws cover the whole training range")
  func trainingRangeCovered() throws {
    var rng = SeededGenerator(seed: 3)
    let task = try CopyTask()
    let sizes = Set((0..<600).map { _ in observedSize(of: task.episode(using: &rng), task: task) })
    #expect(sizes == Set(1...20))
  }

  @Test("same seed gives the same episodes; another seed gives others")
  func determinism() throws {
    for task in try defaultTasks() {
      func draw(_ seed: UInt64) -> [Episode] {
        var rng = SeededGenerator(seed: seed)
        return (0..<3).map { _ in task.episode(using: &rng) } + [
          task.episode(size: task.evaluationSizes[0], using: &rng)
        ]
      }
      #expect(draw(42) == draw(42), "\(task.name)")
      #expect(draw(42) != draw(43), "\(task.name)")
    }
  }

  // MARK: Memory reuse

  @Test("memory reuse: each round is a copy episode, recalled before the next round begins")
  func memoryReuseRounds() throws {
    let task = try MemoryReuseTask()
    var rng = SeededGenerator(seed: 6)
    let episode = task.episode(size: 4, using: &rng)
    // Walk the rounds: Lₖ inputs, a delimiter, Lₖ recalls of the same vectors, and again.
    var t = 0
    var total = 0
    for _ in 0..<4 {
      let start = t
      while episode.phases[t] == .input { t += 1 }
      let length = t - start
      #expect((1...8).contains(length))
      #expect(episode.inputs[start..<t].allSatisfy { $0[task.delimiterChannel] == 0 })
      #expect(episode.phases[t] == .delimiter && episode.inputs[t] == [0, 0, 0, 0, 0, 0, 0, 0, 1])
      t += 1
      for k in 0..<length {
        #expect(episode.phases[t + k] == .output && episode.scored[t + k])
        #expect(isZero(episode.inputs[t + k]))
        #expect(episode.targets[t + k] == Array(episode.inputs[start + k][0..<8]))
      }
      t += length
      total += length
    }
    #expect(t == episode.length)
    #expect(episode.length == 2 * total + 4)
  }

  /// With the defaults, most of the largest training sequences hold more vectors than a
  /// 16-location memory: exactly 2556 of the 8⁴ equally likely 4-round draws (0.624) do.
  @Test("memory reuse: four rounds of 1–8 often exceed 16 locations")
  func memoryReuseExceedsTheMemory() throws {
    let task = try MemoryReuseTask()
    var rng = SeededGenerator(seed: 7)
    let totals = (0..<2000).map { _ in task.episode(size: 4, using: &rng).phases.filter { $0 == .input }.count
    }
    #expect(totals.min()! >= 4 && totals.max()! <= 32)
    let fraction = Double(totals.filter { $0 > 16 }.count) / 2000
    #expect(abs(fraction - 0.624) < 0.04, "\(fraction)")
  }

  @Test("memory reuse: its parameters are checked by name")
  func memoryReuseParameters() throws {
    #expect(
      throws: TaskError.emptyRange(
        task: "memory-reuse", lower: "minRounds", lowerValue: 3, upper: "maxRounds", upperValue: 2)
    ) {
      try MemoryReuseTask(parameters: ["minRounds": "3", "maxRounds": "2"])
    }
    let custom = try makeTask(named: "memory-reuse", parameters: ["maxRounds": "10", "maxLength": "5"])
    #expect(custom.trainingSizes == 1...10 && custom.parameters["maxLength"] == "5")
  }

  // MARK: Copy

  @Test("copy: L inputs, a delimiter, then the same L vectors as scored targets", arguments: [1, 5, 20, 120])
  func copy(length: Int) throws {
    let task = try CopyTask()
    var rng = SeededGenerator(seed: UInt64(length))
    let episode = task.episode(size: length, using: &rng)
    #expect(episode.length == 2 * length + 1)
    #expect(
      episode.phases == Array(repeating: .input, count: length) + [.delimiter]
        + Array(repeating: .output, count: length))
    #expect(
      episode.scored == Array(repeating: false, count: length + 1) + Array(repeating: true, count: length))
    #expect(episode.inputs[length] == Array(repeating: 0, count: 8) + [1])
    for i in 0..<length {
      #expect(episode.inputs[i][8] == 0)
      #expect(episode.inputs[i][0..<8].allSatisfy { $0 == 0 || $0 == 1 })
      #expect(episode.targets[length + 1 + i] == Array(episode.inputs[i][0..<8]))
      #expect(isZero(episode.inputs[length + 1 + i]))
    }
  }

  @Test("copy: bits are fair coin flips")
  func copyBitsBalanced() throws {
    var rng = SeededGenerator(seed: 9)
    let episode = try CopyTask().episode(size: 120, using: &rng)
    let ones = episode.inputs.prefix(120).flatMap { $0.prefix(8) }.reduce(0, +)
    #expect(abs(ones / 960 - 0.5) < 0.06)
  }

  // MARK: Repeat copy

  @Test("repeat copy: the vectors n times, then the end marker on the last step only")
  func repeatCopy() throws {
    let task = try RepeatCopyTask()
    var rng = SeededGenerator(seed: 4)
    for (length, repeats) in [(3, 4), (1, 1), (10, 10), (10, 20)] {
      let episode = task.episode(length: length, repeats: repeats, using: &rng)
      #expect(episode.length == length + 1 + length * repeats + 1)
      let control = episode.inputs[length]
      #expect(episode.phases[length] == .delimiter)
      #expect(control[task.delimiterChannel] == 1)
      #expect(control[task.repeatChannel] == Float(repeats) / 10)
      #expect(control.prefix(8).allSatisfy { $0 == 0 })
      for i in 0..<length {
        #expect(episode.inputs[i][8...] == [0, 0])
      }
      #expect(
        episode.scored == Array(repeating: false, count: length + 1)
          + Array(repeating: true, count: length * repeats + 1))
      for r in 0..<repeats {
        for i in 0..<length {
          let target = episode.targets[length + 1 + r * length + i]
          #expect(Array(target.prefix(8)) == Array(episode.inputs[i].prefix(8)))
          #expect(target[task.endMarkerChannel] == 0)
        }
      }
      #expect(episode.targets.last! == Array(repeating: 0, count: 8) + [1])
      #expect(episode.inputs[(length + 1)...].allSatisfy(isZero))
    }
  }

  @Test("repeat copy: episode(size:) draws the repeat count from 1…10")
  func repeatCopyDrawsRepeats() throws {
    let task = try RepeatCopyTask()
    var rng = SeededGenerator(seed: 5)
    var seen = Set<Int>()
    for _ in 0..<300 {
      let episode = task.episode(size: 4, using: &rng)
      let repeats = Int((episode.inputs[4][task.repeatChannel] * 10).rounded())
      #expect(episode.length == 4 + 1 + 4 * repeats + 1)
      seen.insert(repeats)
    }
    #expect(seen == Set(1...10))
  }

  // MARK: Associative recall

  @Test("associative recall: the target is the item after the query", arguments: [2, 3, 6, 12])
  func associativeRecall(items count: Int) throws {
    let task = try AssociativeRecallTask()
    var rng = SeededGenerator(seed: UInt64(100 + count))
    for _ in 0..<20 {
      let episode = task.episode(size: count, using: &rng)
      #expect(episode.length == count * 4 + 2 * 3 + 2)
      // Parse the input as the machine would: 4-step blocks opened by the item delimiter.
      var items: [[[Float]]] = []
      for i in 0..<count {
        let base = 4 * i
        #expect(episode.inputs[base] == [0, 0, 0, 0, 0, 0, 1, 0])
        #expect(episode.phases[base] == .delimiter)
        items.append((1...3).map { Array(episode.inputs[base + $0].prefix(6)) })
        #expect((1...3).allSatisfy { episode.inputs[base + $0][6...] == [0, 0] })
      }
      #expect(Set(items).count == count, "items are distinct")
      let queryStart = 4 * count
      #expect(episode.inputs[queryStart] == [0, 0, 0, 0, 0, 0, 0, 1])
      #expect(episode.inputs[queryStart + 4] == [0, 0, 0, 0, 0, 0, 0, 1])
      let query = (1...3).map { Array(episode.inputs[queryStart + $0].prefix(6)) }
      let index = try #require(items.firstIndex(of: query))
      #expect(index < count - 1, "the last item has no successor")
      let answerStart = queryStart + 5
      #expect(Array(episode.targets[answerStart...]) == items[index + 1])
      #expect(episode.scored == Array(repeating: false, count: answerStart) + [true, true, true])
      #expect(episode.inputs[answerStart...].allSatisfy(isZero))
    }
  }

  @Test("associative recall: every item but the last is queried")
  func recallQueriesVary() throws {
    let task = try AssociativeRecallTask()
    var rng = SeededGenerator(seed: 6)
    var positions = Set<Int>()
    for _ in 0..<200 {
      let episode = task.episode(size: 5, using: &rng)
      let query = (21...23).map { Array(episode.inputs[$0].prefix(6)) }
      let items = (0..<5).map { i in (1...3).map { Array(episode.inputs[4 * i + $0].prefix(6)) } }
      positions.insert(items.firstIndex(of: query)!)
    }
    #expect(positions == Set(0...3))
  }

  // MARK: Dynamic n-grams

  @Test("dynamic n-grams: input bit t, target bit t + 1, every step scored")
  func nGramsShape() throws {
    let task = try DynamicNGramsTask()
    var rng = SeededGenerator(seed: 7)
    let episode = task.episode(using: &rng)
    #expect(episode.length == 200)
    #expect(episode.scoredCount == 200)
    #expect(episode.phases.allSatisfy { $0 == .output })
    for t in 0..<199 { #expect(episode.targets[t] == episode.inputs[t + 1]) }
    #expect(episode.inputs.allSatisfy { $0 == [0] || $0 == [1] })
    #expect(episode.targets.last! == [0] || episode.targets.last! == [1])
  }

  @Test("dynamic n-grams: bits follow the table, with zero-padded contexts")
  func nGramsFollowTable() throws {
    let task = try DynamicNGramsTask(order: 2, minLength: 50, maxLength: 50)
    var rng = SeededGenerator(seed: 8)
    // P(1 | previous 0) = 1, P(1 | previous 1) = 0: from the zero padding, 1, 0, 1, 0 …
    let episode = task.episode(length: 6, table: [1, 0], using: &rng)
    #expect(episode.inputs.map { $0[0] } == [1, 0, 1, 0, 1, 0])
    #expect(episode.targets.map { $0[0] } == [0, 1, 0, 1, 0, 1])
  }

  @Test("dynamic n-grams: the table is Beta(1/2, 1/2)")
  func nGramsTableDistribution() throws {
    let task = try DynamicNGramsTask()
    var rng = SeededGenerator(seed: 9)
    let samples = (0..<400).flatMap { _ in task.drawTable(using: &rng) }
    #expect(samples.count == 400 * 32)
    #expect(samples.allSatisfy { (0...1).contains($0) })
    // The arcsine CDF (2/π)·asin(√x); 12 800 samples: standard error ≈ 0.004.
    for x in [0.05, 0.25, 0.5, 0.9] {
      let empirical = Double(samples.filter { $0 < x }.count) / Double(samples.count)
      #expect(abs(empirical - 2 / Double.pi * asin(x.squareRoot())) < 0.02, "CDF at \(x)")
    }
  }

  @Test("dynamic n-grams: the optimal estimator on hand-worked examples")
  func nGramsOptimalEstimator() throws {
    // Bigrams (one bit of context, zero before the start), bits 1, 1, 0, 1:
    // t0 saw 0→1; next context 1 unseen: 1/2. t1 saw 1→1; context 1: (1 + ½)/(1 + 1) = 3/4.
    // t2 saw 1→0; context 0 has one 1: 3/4. t3 saw 0→1; context 1 has one 1, one 0: 1.5/3 = 1/2.
    let bigrams = try DynamicNGramsTask(order: 2)
    #expect(bigrams.optimalPredictions(for: [1, 1, 0, 1]) == [0.5, 0.75, 0.75, 0.5])
    // 6-grams, all zeros: context 00000 seen followed by 0 once, twice, three times.
    let sixGrams = try DynamicNGramsTask()
    let zeros = sixGrams.optimalPredictions(for: [0, 0, 0])
    let expectedZeros: [Float] = [0.25, Float(0.5 / 3.0), 0.125]
    #expect(zeros == expectedZeros)
    // Its cost on an episode with those inputs and targets 0, 0, 1, in bits.
    let episode = Episode(
      inputs: [[0], [0], [0]], targets: [[0], [0], [1]], scored: [true, true, true],
      phases: [.output, .output, .output])
    let expected = -log2(0.75) - log2(5.0 / 6) - log2(0.125)
    #expect(abs(sixGrams.optimalCostInBits(for: episode) - expected) < 1e-6)
  }

  @Test("dynamic n-grams: the optimal estimator beats guessing")
  func nGramsOptimalBeatsGuessing() throws {
    let task = try DynamicNGramsTask()
    var rng = SeededGenerator(seed: 10)
    let costs = (0..<20).map { _ in task.optimalCostInBits(for: task.episode(using: &rng)) }
    let mean = costs.reduce(0, +) / 20
    #expect(mean < 200 * 0.85, "guessing costs 1 bit per step; got \(mean / 200)")
    #expect(mean > 200 * 0.3)
  }

  // MARK: Priority sort

  @Test("priority sort: the 16 highest-priority vectors, highest first")
  func prioritySort() throws {
    let task = try PrioritySortTask()
    var rng = SeededGenerator(seed: 11)
    for _ in 0..<20 {
      let episode = task.episode(using: &rng)
      #expect(episode.length == 20 + 1 + 16)
      #expect(episode.inputs[20] == Array(repeating: 0, count: 9) + [1])
      let inputs = episode.inputs.prefix(20)
      #expect(inputs.allSatisfy { (-1...1).contains($0[8]) && $0[9] == 0 })
      let expected = inputs.sorted { $0[8] > $1[8] }.prefix(16).map { Array($0.prefix(8)) }
      #expect(Array(episode.targets.suffix(16)) == expected)
      #expect(episode.scored == Array(repeating: false, count: 21) + Array(repeating: true, count: 16))
    }
  }

  @Test("priority sort: the number of outputs keeps the ratio 16/20")
  func priorityOutputCount() throws {
    let task = try PrioritySortTask()
    #expect([1, 2, 5, 10, 20, 40].map(task.outputCount(forInputs:)) == [1, 2, 4, 8, 16, 32])
    var rng = SeededGenerator(seed: 12)
    #expect(task.episode(size: 10, using: &rng).scoredCount == 8)
  }

  // MARK: Balanced parentheses

  /// A straightforward stack check, independent of the task's own depth counter.
  private func stackCheck(_ brackets: [Bool]) -> [Bool] {
    var stack: [Character] = []
    var broken = false
    return brackets.map { open in
      if open {
        stack.append("(")
      } else if stack.popLast() == nil {
        broken = true
      }
      return !broken && stack.isEmpty
    }
  }

  @Test("balanced parentheses: the prefix bits match a stack check", arguments: [1, 2, 7, 20, 40])
  func parentheses(length: Int) throws {
    let task = try BalancedParenthesesTask()
    var rng = SeededGenerator(seed: UInt64(200 + length))
    for _ in 0..<50 {
      let episode = task.episode(size: length, using: &rng)
      #expect(episode.length == length)
      #expect(episode.scored.allSatisfy { $0 })
      #expect(episode.inputs.allSatisfy { $0 == [1, 0] || $0 == [0, 1] })
      let brackets = episode.inputs.map { $0 == [1, 0] }
      #expect(episode.targets.map { $0[0] == 1 } == stackCheck(brackets))
    }
  }

  @Test("balanced parentheses: about half the even-length sequences are balanced")
  func parenthesesBalance() throws {
    let task = try BalancedParenthesesTask()
    var rng = SeededGenerator(seed: 13)
    let episodes = (0..<1000).map { _ in task.episode(size: 20, using: &rng) }
    let balanced = Double(episodes.filter { $0.targets.last! == [1] }.count) / 1000
    #expect((0.45...0.57).contains(balanced))
    // Odd lengths: never balanced at the end, yet balanced prefixes occur.
    let odd = (0..<200).map { _ in task.episode(size: 9, using: &rng) }
    #expect(odd.allSatisfy { $0.targets.last! == [0] })
    #expect(odd.filter { $0.targets.contains([1]) }.count > 50)
  }

  @Test("balanced parentheses: random balanced words are uniform over the 5 of 3 pairs")
  func dyckWordsUniform() {
    var rng = SeededGenerator(seed: 14)
    var counts: [[Bool]: Int] = [:]
    for _ in 0..<5000 {
      let word = BalancedParenthesesTask.randomDyckWord(pairs: 3, using: &rng)
      #expect(BalancedParenthesesTask.balancedPrefixes(word).last == true)
      counts[word, default: 0] += 1
    }
    #expect(counts.count == 5)
    #expect(counts.values.allSatisfy { (850...1150).contains($0) })
    #expect(BalancedParenthesesTask.randomDyckWord(pairs: 0, using: &rng).isEmpty)
  }

  // MARK: Errors

  @Test("an unknown task name is rejected with the name and the valid names")
  func unknownTask() {
    do {
      _ = try makeTask(named: "copi")
      Issue.record("no error")
    } catch {
      #expect(error as? TaskError == .unknownTask("copi"))
      let message = "\(error)"
      #expect(message.contains("'copi'"))
      for name in TaskName.allNames { #expect(message.contains(name)) }
      #expect(error.localizedDescription == message)
    }
  }

  @Test(
    "bad parameters are rejected with a message naming the value",
    arguments: [
      ("copy", ["vectorWidth": "abc"], ["vectorWidth", "'abc'"]),
      ("copy", ["vectorWidth": "0"], ["vectorWidth", "0"]),
      ("copy", ["minLength": "5", "maxLength": "3"], ["minLength (5)", "maxLength (3)"]),
      ("copy", ["width": "8"], ["'width'", "vectorWidth"]),
      ("repeat-copy", ["maxRepeats": "-2"], ["maxRepeats", "-2"]),
      ("associative-recall", ["minItems": "1"], ["minItems", "1"]),
      ("dynamic-ngrams", ["order": "40"], ["order", "40"]),
      ("priority-sort", ["outputs": "21"], ["outputs", "21"]),
      ("balanced-parentheses", ["maxLength": "2.5"], ["maxLength", "'2.5'"]),
    ])
  func badParameters(name: String, parameters: [String: String], mentions: [String]) {
    #expect(throws: TaskError.self) { try makeTask(named: name, parameters: parameters) }
    do {
      _ = try makeTask(named: name, parameters: parameters)
    } catch {
      let message = "\(error)"
      #expect(message.hasPrefix(name))
      for word in mentions { #expect(message.contains(word), "\(message)") }
    }
  }

  @Test("checkedEpisode rejects a size the task cannot build")
  func checkedSize() throws {
    var rng = SeededGenerator(seed: 15)
    let recall = try AssociativeRecallTask()
    #expect(
      throws: TaskError.sizeOutOfRange(
        task: "associative-recall", sizeName: "items", size: 1, valid: recall.validSizes)
    ) {
      try recall.checkedEpisode(size: 1, using: &rng)
    }
    #expect(
      "\(TaskError.sizeOutOfRange(task: "copy", sizeName: "length", size: 0, valid: 1...Int.max))"
        == "copy: length must be at least 1, not 0")
    #expect(try recall.checkedEpisode(size: 3, using: &rng).length == 3 * 4 + 8)
  }
}
