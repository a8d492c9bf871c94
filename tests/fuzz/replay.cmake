# Replays of the fuzz entry points (included by tests/CMakeLists.txt; any compiler): every
# seed and every input a fuzzer ever found runs under ctest in every build.
#
# fixtures/regressions/<target>/ holds fixed findings: they must pass. Findings not fixed yet
# live in fixtures/regressions/known-failures/<target>/ and are registered as DISABLED tests,
# one per file; moving a file into fixtures/regressions/<target>/ turns it on.
set(ECRLC_FUZZ_DIR ${CMAKE_CURRENT_SOURCE_DIR}/fuzz)
set(ECRLC_REGRESSIONS_DIR ${ECRLC_FIXTURES_DIR}/regressions)
set(ECRLC_FUZZ_SEEDS_fuzz_policy ${ECRLC_FIXTURES_DIR}/policies ${ECRLC_FUZZ_DIR}/seeds/policy)
set(ECRLC_FUZZ_SEEDS_fuzz_inventory ${ECRLC_FIXTURES_DIR}/inventories
  ${ECRLC_FUZZ_DIR}/seeds/inventory)
set(ECRLC_FUZZ_SEEDS_fuzz_timestamp ${ECRLC_FUZZ_DIR}/seeds/timestamp)
set(ECRLC_FUZZ_SEEDS_fuzz_protect ${ECRLC_FIXTURES_DIR}/protect ${ECRLC_FUZZ_DIR}/seeds/protect)
set(ECRLC_FUZZ_SEEDS_fuzz_registry ${ECRLC_FUZZ_DIR}/seeds/registry)
set(ECRLC_FUZZ_SEEDS_fuzz_apply ${ECRLC_FUZZ_DIR}/seeds/apply)
set(ECRLC_FUZZ_SEEDS_fuzz_templates ${ECRLC_FIXTURES_DIR}/templates ${ECRLC_FUZZ_DIR}/seeds/templates)
set(ECRLC_FUZZ_TEST_fuzz_policy FuzzReplayPolicy)
set(ECRLC_FUZZ_TEST_fuzz_inventory FuzzReplayInventory)
set(ECRLC_FUZZ_TEST_fuzz_timestamp FuzzReplayTimestamp)
set(ECRLC_FUZZ_TEST_fuzz_protect FuzzReplayProtect)
set(ECRLC_FUZZ_TEST_fuzz_registry FuzzReplayRegistry)
set(ECRLC_FUZZ_TEST_fuzz_apply FuzzReplayApply)
set(ECRLC_FUZZ_TEST_fuzz_templates FuzzReplayTemplates)

foreach(target fuzz_policy fuzz_inventory fuzz_timestamp fuzz_protect fuzz_registry fuzz_apply fuzz_templates)
  add_executable(${target}_replay ${ECRLC_FUZZ_DIR}/${target}.cpp ${ECRLC_FUZZ_DIR}/replay_main.cpp)
  target_link_libraries(${target}_replay PRIVATE ecrlc::engine ecrlc_warnings)
  add_test(NAME ${ECRLC_FUZZ_TEST_${target}}
    COMMAND ${target}_replay ${ECRLC_REGRESSIONS_DIR}/${target} ${ECRLC_FUZZ_SEEDS_${target}})
  set_tests_properties(${ECRLC_FUZZ_TEST_${target}} PROPERTIES LABELS fuzz TIMEOUT 300)

  file(GLOB known CONFIGURE_DEPENDS ${ECRLC_REGRESSIONS_DIR}/known-failures/${target}/*)
  foreach(input ${known})
    get_filename_component(name ${input} NAME)
    add_test(NAME FuzzKnownFailure.${target}.${name} COMMAND ${target}_replay ${input})
    set_tests_properties(FuzzKnownFailure.${target}.${name} PROPERTIES
      LABELS fuzz TIMEOUT 60 DISABLED TRUE)
  endforeach()
endforeach()
