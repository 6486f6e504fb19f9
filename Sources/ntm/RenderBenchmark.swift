import Foundation
import NTM
import NTMTerminal

/// `ntm bench --render`: one step plus one full render, the viewer's per-frame work.
enum RenderBenchmark {
  static func run() throws {
    let task = try makeTask(named: "copy")
    var big = Configuration(inputWidth: task.inputWidth, outputWidth: task.outputWidth)
    (big.memoryLocations, big.memoryWidth, big.readHeads, big.writeHeads) = (1024, 64, 2, 2)
    let dnc = DNCConfiguration(inputWidth: task.inputWidth, outputWidth: task.outputWidth)
    var wideDNC = dnc
    wideDNC.memoryLocations = 128
    let screen = Size(width: 120, height: 40)
    let cases: [(String, MachineConfiguration, Size)] = [
      (
        "default model (128×20, 2 heads) at 120×40",
        .ntm(Configuration(inputWidth: task.inputWidth, outputWidth: task.outputWidth)), screen
      ),
      ("1024×64 memory, 4 heads at 120×40", .ntm(big), screen),
      ("DNC N = 32 (32×16, 1 read head) at 120×40", .dnc(dnc), screen),
      ("DNC N = 128 (128×16, 1 read head) at 120×40", .dnc(wideDNC), screen),
      // Rows to spare: the link matrix is drawn as a heatmap too.
      ("DNC N = 128 at 200×60", .dnc(wideDNC), Size(width: 200, height: 60)),
    ]
    for (name, c, size) in cases {
      let model = ViewerModel(
        parameters: MachineParameters(configuration: c, seed: 1), label: "bench", sequencesSeen: 1,
        taskName: "copy", taskParameters: task.parameters)
      var state = ViewerState(model: model, task: task, seed: 1, size: 20)
      let theme = Theme(colorMode: .color256, glyphs: .unicode)
      var frames = 0
      var previous = ViewerScreen.render(state, size: size, theme: theme)
      var changed = 0
      // The viewer computes a sequence's steps when it is drawn; each frame here computes one
      // step as well, so that a frame costs what stepping through a new sequence costs.
      let step = Self.stepper(model.parameters)
      let start = Date()
      while Date().timeIntervalSince(start) < 2 {
        if state.atEnd { state.jumpToStart() }
        step(state.time, state.episode.inputs[state.time])
        state.stepForward()
        let grid = ViewerScreen.render(state, size: size, theme: theme)
        changed += grid.changes(since: previous).count
        previous = grid
        frames += 1
      }
      let elapsed = Date().timeIntervalSince(start)
      // A new sequence computes its whole run at once (what `r`, `[`, `]` and `t` wait for).
      let runStart = Date()
      var runs = 0
      while Date().timeIntervalSince(runStart) < 0.5 {
        state.newSequence()
        runs += 1
      }
      try Console.line(
        String(
          format:
            "step + render, %@: %.2f ms per frame (%d cells changed per frame); a new %d-step sequence %.1f ms",
          name, elapsed / Double(frames) * 1000, changed / max(frames, 1), state.episode.length,
          Date().timeIntervalSince(runStart) / Double(runs) * 1000))
    }
  }

  /// One step of the machine at step t (from the initial state at t = 0), through each
  /// machine's own step with an exported Float specialisation, as the viewer's run uses
  /// (`MachineParameters.step` is generic, and unspecialised it costs 20 times as much at 1024
  /// locations).
  private static func stepper(_ parameters: MachineParameters<Float>) -> (Int, [Float]) -> Void {
    switch parameters {
    case .ntm(let p):
      var machine = Machine(parameters: p)
      return { t, input in
        if t == 0 { machine.reset() }
        _ = machine.step(input)
      }
    case .dnc(let p):
      // The static step: it is the DNC's exported Float specialisation.
      var state = DNC.initialState(p)
      return { t, input in
        if t == 0 { state = DNC.initialState(p) }
        state = DNC.step(p, from: state, input: input).1
      }
    }
  }
}
