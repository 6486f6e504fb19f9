import ArgumentParser
import NTM
import NTMTerminal

struct PlaygroundCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "playground",
    abstract: "Set one head's key, β, g, shift and γ by hand and watch every addressing stage.",
    discussion: """
      A 16 × 6 memory and one head: content similarity, content weighting, gated, shifted and \
      sharpened weightings update live as you change the parameters. Presets 1–6 walk through \
      content lookup, iteration, a blurred shift, sharpening and the gate. Press ? for the keys.
      """)

  @Option(parsing: .unconditional, help: "Seed of the memory's ±1 patterns.") var seed: UInt64 = 1
  @Option(parsing: .unconditional, help: "The preset to start with, 0…\(PlaygroundPreset.all.count - 1).")
  var preset: Int = 0
  @Option(help: "Record the session as an asciicast v2 file (play it with: asciinema play FILE).")
  var record: PathArgument?
  @OptionGroup(title: "A model's step") var fromStep: PlaygroundTraceOptions

  func validate() throws {
    try Limits.check(preset, in: 0...(PlaygroundPreset.all.count - 1), "--preset")
  }

  func run() throws {
    // A bad trace or step fails here, before the terminal is needed.
    let initial =
      try fromStep.initialState() ?? PlaygroundState(preset: PlaygroundPreset.all[preset], memorySeed: seed)
    guard NcursesBackend.isTerminal() else {
      note("ntm playground needs an interactive terminal (standard output is not one).")
      throw ExitCode(2)
    }
    let screen = NcursesBackend()
    // A bad path fails here, before the screen opens.
    let recording = try record.map {
      try RecordingBackend(wrapping: screen, to: $0.path, title: "ntm playground")
    }
    let terminal: any TerminalBackend = recording ?? screen
    TerminalSignals.install()
    let result = try TerminalApp.run(
      backend: terminal, initial: initial,
      update: { state, event in state.updated(by: event) },
      render: { state, size in PlaygroundScreen.render(state, size: size, theme: screen.theme) })
    if let failure = recording?.writeFailure { note("ntm playground: \(failure)") }
    if let signal = result.signal { throw ExitCode(128 + signal) }
  }
}
