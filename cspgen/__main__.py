from cspgen.cli import main

main()
