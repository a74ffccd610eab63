from benchmarks.grading.run import main

raise SystemExit(main())
