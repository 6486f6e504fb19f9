import Foundation
import NTMAssets
import Testing

@testable import NTM

/// Each task's reading of its own episodes agrees with the task's definition: the steps it
/// says an output reproduces hold exactly the target's vector, its numbers match the
/// generator's (priorities, the optimal estimator, bracket depth), and on the shipped copy model
/// the read head fetches the input each output step expects.
@Suite("Task readings")
struct TaskReadingTests {
  static func episode(_ task: any TaskGenerator, size: Int, seed: UInt64 = 5) -> Episode {
    var rng = SeededGenerator(seed: seed)
    return task.episode(size: size, using: &rng)
  }

  /// Every output step that names the step it reproduces has that step's vector as its target.
  static func expectsMatchTargets(_ task: any TaskGenerator, _ episode: Episode, width: Int) {
    let reading = task.reading(of: episode)
    #expect(reading.steps.count == episode.length)
    for t in 0..<episode.length {
      guard let source = reading.steps[t].expects else { continue }
      #expect(Array(episode.inputs[source][0..<width]) == Array(episode.targets[t][0..<width]), "t = \(t)")
      #expect(reading.steps[source].shows != nil)
    }
  }

  @Test func memoryReuseNumbersRoundsAndTheirVectors() throws {
    let task = try MemoryReuseTask()
    let episode = Self.episode(task, size: 3)
    let reading = task.reading(of: episode)
    let delimiters = episode.indices(of: .delimiter)
    #expect(delimiters.count == 3)
    // Round 1: its inputs, the delimiter, then as many outputs, each naming its input.
    let first = delimiters[0]
    #expect(
      reading.steps[0].text == "round 1 of 3, input 1 of \(first)" && reading.steps[0].shows == "input 1.1")
    #expect(reading.steps[first].mark == "|")
    #expect(reading.steps[first + 1].text == "round 1, output 1 of \(first): input 1.1")
    #expect(reading.steps[first + 1].expects == 0)
    // Round 2 starts right after round 1's recall, numbered from 1 again.
    let second = 2 * first + 1
    #expect(reading.steps[second].text.hasPrefix("round 2 of 3, input 1 of "))
    #expect(reading.steps[second].shows == "input 2.1")
    #expect(reading.summary.hasPrefix("3 rounds of \(first), "))
    Self.expectsMatchTargets(task, episode, width: 8)
    // An odd phase sequence (a foreign trace) never traps.
    let odd = Episode(
      inputs: episode.inputs.reversed(), targets: episode.targets.reversed(),
      scored: episode.scored.reversed(),
      phases: episode.phases.reversed())
    #expect(task.reading(of: odd).steps.count == episode.length)
  }

  @Test func copyNumbersInputsAndOutputs() throws {
    let task = try CopyTask()
    let episode = Self.episode(task, size: 12)
    let reading = task.reading(of: episode)
    #expect(reading.steps[0].text == "input 1 of 12" && reading.steps[0].shows == "input 1")
    #expect(reading.steps[11].text == "input 12 of 12" && reading.steps[11].mark == "2")
    #expect(reading.steps[12].mark == "|")
    #expect(reading.steps[15].text == "output 3 of 12: input 3" && reading.steps[15].expects == 2)
    #expect(reading.summary == "12 inputs, to be copied back in order")
    Self.expectsMatchTargets(task, episode, width: 8)
  }

  @Test func repeatCopyNamesPassesAndTheEndMarker() throws {
    let task = try RepeatCopyTask()
    var rng = SeededGenerator(seed: 2)
    let episode = task.episode(length: 3, repeats: 4, using: &rng)
    let reading = task.reading(of: episode)
    #expect(reading.steps[3].text.hasPrefix("repeat count 4"))
    #expect(reading.steps[4].text == "pass 1 of 4, output 1: input 1")
    #expect(reading.steps[4 + 3 * 3 + 2].text == "pass 4 of 4, output 3: input 3")
    #expect(reading.steps.last?.mark == "e" && reading.steps.last?.text.hasPrefix("end marker") == true)
    Self.expectsMatchTargets(task, episode, width: 8)
  }

  @Test func associativeRecallMarksItemsQueryAndAnswer() throws {
    let task = try AssociativeRecallTask()
    for seed in UInt64(1)...20 {
      let episode = Self.episode(task, size: 5, seed: seed)
      let reading = task.reading(of: episode)
      Self.expectsMatchTargets(task, episode, width: 6)
      // The query's vectors equal the marked item's, and the answer follows it.
      let query = (0..<episode.length).filter { reading.steps[$0].mark == "q" }
      #expect(query.count == 3)
      #expect(reading.markedSteps.map { episode.inputs[$0] } == query.map { episode.inputs[$0] })
      #expect(reading.markedName == "query's match")
      let matchItem = Int(String(reading.steps[reading.markedSteps[0]].mark))!
      #expect(
        reading.summary == "query: item \(matchItem) · answer: item \(matchItem + 1), the item after it")
      #expect(reading.steps.filter { $0.mark == "?" }.count == 2)
      #expect(reading.steps.filter { $0.mark == "a" }.count == 3)
    }
  }

  @Test func prioritySortGivesPrioritiesAndTheExpectedOrder() throws {
    let task = try PrioritySortTask()
    let episode = Self.episode(task, size: 20)
    let reading = task.reading(of: episode)
    Self.expectsMatchTargets(task, episode, width: 8)
    let outputs = (0..<episode.length).filter { episode.phases[$0] == .output }
    #expect(outputs.count == 16)
    // The expected inputs come in descending priority, and the summary lists them.
    let priorities = outputs.map { episode.inputs[reading.steps[$0].expects!][8] }
    #expect(priorities == priorities.sorted(by: >))
    let order = outputs.map { String(reading.steps[$0].expects! + 1) }.joined(separator: " ")
    #expect(reading.summary == "expected order: inputs \(order)")
    // Each input states its priority to two decimals.
    let p = episode.inputs[4][8]
    #expect(reading.steps[4].text.contains("priority \(PrioritySortTask.format(p))"))
    #expect(PrioritySortTask.format(-0.5) == "−0.50" && PrioritySortTask.format(0.913) == "+0.91")
  }

  @Test func dynamicNGramsCarriesTheOptimalEstimator() throws {
    let task = try DynamicNGramsTask()
    let episode = Self.episode(task, size: 200)
    let reading = task.reading(of: episode)
    let optimal = task.optimalPredictions(for: episode)
    for t in 0..<episode.length {
      #expect(reading.steps[t].reference?.output == [optimal[t]])
      #expect(reading.steps[t].mark == (episode.inputs[t][0] > 0.5 ? "1" : "0"))
    }
    let last = try #require(reading.steps.last?.reference)
    #expect(abs(last.bitsSoFar - task.optimalCostInBits(for: episode)) < 1e-9)
    // The context is the last five bits, newest right.
    let bits = (5...9).map { episode.inputs[$0][0] > 0.5 ? "1" : "0" }.joined()
    #expect(reading.steps[9].text.hasSuffix("context \(bits) (newest right)"))
  }

  @Test func balancedParenthesesShowsDepthAndWhereItBroke() throws {
    let task = try BalancedParenthesesTask()
    for seed in UInt64(1)...30 {
      let episode = Self.episode(task, size: 12, seed: seed)
      let reading = task.reading(of: episode)
      let depths = try #require(reading.series?.values)
      let open = episode.inputs.map { $0[0] > 0.5 }
      let balanced = BalancedParenthesesTask.balancedPrefixes(open)
      for t in 0..<episode.length {
        #expect(reading.steps[t].mark == (open[t] ? "(" : ")"))
        // Depth 0 exactly where the task's own target says balanced.
        #expect((depths[t] == 0) == balanced[t], "seed \(seed) t \(t)")
        #expect((depths[t] == 0) == (episode.targets[t][0] == 1))
      }
      if let broken = depths.firstIndex(of: -1) {
        #expect(reading.steps[broken].emphasis == .error)
        #expect(reading.summary == "unbalanced from step \(broken) on")
        #expect(depths[broken...].allSatisfy { $0 == -1 })
      }
    }
  }

  /// The shipped copy model reads back, at every output step, the input that step expects:
  /// the reading, the storage locations and the fetches agree with what the model learned.
  @Test func theShippedCopyModelFetchesTheExpectedInputs() throws {
    let url = try #require(try ShippedModels.url(for: "copy"))
    let checkpoint = try Checkpoint.load(from: url)
    let task = try checkpoint.makeTask()
    let episode = Self.episode(task, size: 10)
    let run = RecordedRun(
      parameters: try #require(checkpoint.parameters.ntmParameters), episode: episode,
      reading: task.reading(of: episode))
    let outputs = (0..<run.length).filter { episode.phases[$0] == .output }
    for (k, t) in outputs.enumerated() {
      let fetch = try #require(run.fetch(byHead: 1, at: t), "t = \(t)")
      #expect(fetch.step == k && fetch.name == "input \(k + 1)")
      #expect(run.storageLocation(ofStep: k) == fetch.location)
      #expect(
        run.taskLine(at: t, head: 1).hasSuffix(
          "read0 fetches input \(k + 1) from location \(fetch.location) ✓"))
    }
    #expect(run.taskLine(at: 0, head: 0).contains("write0 stores input 1 at location"))
  }
}
