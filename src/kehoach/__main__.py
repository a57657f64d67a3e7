from kehoach.cli.main import main

main()
