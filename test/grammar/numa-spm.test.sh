# SYNTAX TEST "source.shell" "QEMU options, types, keys, ids and sizes in a multi-line command"
qemu-system-x86_64 \
# <------------------ entity.name.function.qemu.shell
#                  ^ constant.character.escape.line-continuation.shell
  -machine q35 \
# ^^^^^^^^ meta.qemu-command.shell keyword.other.option.qemu
#          ^^^ entity.name.type.qemu
  -m 4G,slots=2,maxmem=12G \
# ^^ keyword.other.option.qemu
#    ^^ constant.numeric.size.qemu
#       ^^^^^ variable.parameter.property.qemu
#            ^ keyword.operator.assignment.qemu
#             ^ constant.numeric.size.qemu
#                      ^^^ constant.numeric.size.qemu
  -object memory-backend-ram,id=hbm,size=2G \
# ^^^^^^^ keyword.other.option.qemu
#         ^^^^^^^^^^^^^^^^^^ entity.name.type.qemu
#                            ^^ variable.parameter.property.qemu
#                               ^^^ variable.other.constant.id.qemu
#                                   ^^^^ variable.parameter.property.qemu
#                                        ^^ constant.numeric.size.qemu
  -numa node,nodeid=1 \
#       ^^^^ entity.name.type.qemu
#            ^^^^^^ variable.parameter.property.qemu
#                   ^ variable.other.constant.id.qemu
  -device "spm-memory,id=spm0,memdev=hbm,node=1,addr=0x200000000"
#         ^ string.quoted.double.shell
#          ^^^^^^^^^^ entity.name.type.qemu
#                     ^^ variable.parameter.property.qemu
#                        ^^^^ variable.other.constant.id.qemu
#                                    ^^^ variable.other.constant.id.qemu
#                                             ^ variable.other.constant.id.qemu
#                                                    ^^^^^^^^^^^ constant.numeric.hex.qemu
#                                                               ^ string.quoted.double.shell punctuation.definition.string.end.shell
echo -m done
# <---- - meta.qemu-command.shell
#    ^^ - keyword.other.option.qemu
