# Tidemark's report jobs on Nomad: a periodic batch job with one task group
# of N allocations; allocation i (NOMAD_ALLOC_INDEX, 0-based) builds shard
# K = i+1 of N (`--shard K/N`, 1-based). Keep `count` and the N in the
# command equal. tests: DeployExampleTests runs this command line against the
# real CLI with --dry-run.
job "tidemark-run" {
  type = "batch"

  periodic {
    crons            = ["*/5 * * * *"]
    prohibit_overlap = true
    time_zone        = "UTC"
  }

  group "shard" {
    count = 3 # N

    restart {
      attempts = 2
      mode     = "fail"
    }

    task "run" {
      driver = "exec"

      config {
        command = "/bin/sh"
        args    = ["-c", "exec tidemark run --shard \"$((NOMAD_ALLOC_INDEX + 1))/3\""]
      }

      env {
        TIDEMARK_CONFIG = "/etc/tidemark/tidemark.yml"
      }
    }
  }
}
