import NTM

/// `ntm playground`: the NTM page (one head's addressing) and the DNC page (allocation, links,
/// read modes), one shown at a time; `d` and `n` switch, and each page keeps its state.
public struct PlaygroundSession: Sendable {
  public var ntm: PlaygroundState
  public var dnc: DNCPlaygroundState
  public var shown: MachineKind

  public init(ntm: PlaygroundState, dnc: DNCPlaygroundState = DNCPlaygroundState(), shown: MachineKind = .ntm)
  {
    self.ntm = ntm
    self.dnc = dnc
    self.shown = shown
  }

  /// The next session after an event, or nil to quit.
  public func updated(by event: TerminalEvent) -> PlaygroundSession? {
    var s = self
    switch shown {
    case .ntm:
      // `d` switches unless the page is typing or showing its help.
      if event == .key(.character("d")), ntm.prompt == nil, !ntm.showsHelp {
        s.shown = .dnc
        return s
      }
      guard let next = ntm.updated(by: event) else { return nil }
      s.ntm = next
    case .dnc:
      if event == .key(.character("n")), !dnc.showsHelp {
        s.shown = .ntm
        return s
      }
      guard let next = dnc.updated(by: event) else { return nil }
      s.dnc = next
    }
    return s
  }

  public static func render(_ s: PlaygroundSession, size: Size, theme: Theme) -> CellGrid {
    switch s.shown {
    case .ntm: PlaygroundScreen.render(s.ntm, size: size, theme: theme)
    case .dnc: DNCPlaygroundScreen.render(s.dnc, size: size, theme: theme)
    }
  }
}
