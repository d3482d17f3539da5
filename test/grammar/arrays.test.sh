# SYNTAX TEST "source.shell" "Command lines built in arrays named for QEMU arguments"
args=(
# <---- variable.other.assignment.shell
#    ^ punctuation.definition.array.begin.shell
  -machine q35      # a comment
# ^^^^^^^^ meta.qemu-command.array.shell keyword.other.option.qemu
#          ^^^ entity.name.type.qemu
#                   ^^^^^^^^^^^ comment.line.number-sign.shell
  -object memory-backend-ram,id=ram0,size=2G
#         ^^^^^^^^^^^^^^^^^^ entity.name.type.qemu
#                               ^^^^ variable.other.constant.id.qemu
#                                         ^^ constant.numeric.size.qemu
)
# <- punctuation.definition.array.end.shell
QEMU_OPTS+=(-numa node,nodeid=1)
# <--------- variable.other.assignment.shell
#           ^^^^^ keyword.other.option.qemu
#                             ^ variable.other.constant.id.qemu
files=(-a -b)
#      ^^ - keyword.other.option.qemu
