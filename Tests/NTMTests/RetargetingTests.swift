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
    for name in ["copy", "repeat-copy", "balanced-parentheses"] {
      let task = try makeTask(named: name)
      let episode = task.episode(using: &rng)
      #expect(task.retargeted(episode) == episode, "\(name)")
    }
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
