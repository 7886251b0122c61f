from coachplan.cli import main

main()
