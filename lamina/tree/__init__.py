"""`keras.tree`: utilities for nested structures of lists, tuples, namedtuples and dicts."""

from .tree_api import MAP_TO_NONE as MAP_TO_NONE
from .tree_api import assert_same_paths as assert_same_paths
from .tree_api import assert_same_structure as assert_same_structure
from .tree_api import flatten as flatten
from .tree_api import flatten_with_path as flatten_with_path
from .tree_api import is_nested as is_nested
from .tree_api import lists_to_tuples as lists_to_tuples
from .tree_api import map_shape_structure as map_shape_structure
from .tree_api import map_structure as map_structure
from .tree_api import map_structure_up_to as map_structure_up_to
from .tree_api import pack_sequence_as as pack_sequence_as
from .tree_api import traverse as traverse
