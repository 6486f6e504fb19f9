import ArgumentParser

@main
struct NTMCommand: ParsableCommand {
  static let configuration = CommandConfiguration(commandName: "ntm", abstract: "See a Neural Turing Machine think.")
}
