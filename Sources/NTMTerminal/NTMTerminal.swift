public enum NTMTerminal {}
