import ArgumentParser
import NTM

struct ViewCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "view", abstract: "Step a live NTM through a task, in the terminal.")
  func run() throws { throw CommandError("the viewer is not built yet") }
}

enum RenderBenchmark { static func run() throws {} }
