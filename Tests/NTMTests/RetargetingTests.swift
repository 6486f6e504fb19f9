import Testing

@testable import NTM

/// Editing an input bit in the viewer recomputes targets where the task defines them from the
/// inputs alone.
@Suite struct RetargetingTests {
  @Test func copyTargetsFollowAnEditedInputBit() throws {
    let task = try CopyTask()
    var rng = SeededGenerator(seed: 4)
    var episode = task.episode(size: 5, using: &rng)
    episode.inputs[2][3] = 1 - episode.inputs[2][3]
    let retargeted = try #require(task.retargeted(episode))
    // Output step k (after the 5 inputs and the delimiter) copies input step k.
    #expect(retargeted.targets[5 + 1 + 2][3] == episode.inputs[2][3])
    #expect(retargeted.targets[5 + 1 + 1] == Array(episode.inputs[1][0..<8]))
  }

  @Test func unchangedInputsGiveUnchangedTargets() throws {
    var rng = SeededGenerator(seed: 9)
    for name in ["copy", "repeat-copy", "balanced-parentheses", "memory-reuse"] {
      let task = try makeTask(named: name)
      let episode = task.episode(using: &rng)
      #expect(task.retargeted(episode) == episode, "\(name)")
    }
  }

  @Test func memoryReuseTargetsFollowTheirOwnRound() throws {
    let task = try MemoryReuseTask(vectorWidth: 2, minLength: 2, maxLength: 2)
    var rng = SeededGenerator(seed: 4)
    var episode = task.episode(size: 2, using: &rng)
    // Rounds of 2: inputs at 0, 1 and 5, 6; recalls at 3, 4 and 8, 9.
    episode.inputs[5][1] = 1 - episode.inputs[5][1]
    let retargeted = try #require(task.retargeted(episode))
    #expect(retargeted.targets[8] == Array(episode.inputs[5][0..<2]))
    #expect(retargeted.targets[3] == episode.targets[3])
  }

  @Test func parenthesesTargetsAreRecomputed() throws {
    let task = try BalancedParenthesesTask()
    var episode = Episode(
      inputs: [[1, 0], [0, 1]], targets: [[0], [0]], scored: [true, true], phases: [.output, .output])
    episode = try #require(task.retargeted(episode))
    #expect(episode.targets == [[0], [1]])  // "(" unbalanced, "()" balanced
  }

  @Test func tasksWithHiddenDrawsDoNotRetarget() throws {
    var rng = SeededGenerator(seed: 1)
    let task = try makeTask(named: "dynamic-ngrams")
    #expect(task.retargeted(task.episode(using: &rng)) == nil)
  }
}
